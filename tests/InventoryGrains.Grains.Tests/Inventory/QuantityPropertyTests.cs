using System.Collections.Concurrent;
using InventoryGrains.Abstractions.Inventory;
using InventoryGrains.Abstractions.Inventory.Quantities;
using InventoryGrains.Domain.Items;
using InventoryGrains.LoadTest.Checking;
using InventoryGrains.Storage.Items;
using InventoryGrains.Testing;

namespace InventoryGrains.Grains.Tests.Inventory;

/// <summary>
/// Random set, adjust and move requests of one to four lines over a few items, sent by many callers
/// at once, some with a stale <c>changeFromQuantity</c>; then, against a model that knows nothing of
/// the service's rules: every request applied on all its lines or on none, each item's applied
/// lines form one history (<see cref="QuantityHistoryChecker"/>), and each item's ledger, replayed,
/// gives its stored quantities.
/// </summary>
public sealed class QuantityPropertyTests(InventoryClusterFixture fixture) : IClassFixture<InventoryClusterFixture>
{
    private const int Callers = 8;
    private const int RequestsPerCaller = 40;
    private const int InitialAvailable = 30;
    private const int InitialIncoming = 10;
    private static readonly QuantityName[] Adjustable =
        [QuantityName.Available, QuantityName.Damaged, QuantityName.SafetyStock, QuantityName.QualityControl, QuantityName.Incoming];

    private static readonly ChangeContext Context = new(ChangeReason.Correction, "service") { ReturnItem = false };
    private readonly string _tenant = $"qprop-{Guid.NewGuid():N}";

    private sealed record Request(string Reference, IReadOnlyList<(string ItemId, QuantityLine Line)> Lines, GroupOutcome Outcome);

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task Concurrent_random_requests_apply_whole_or_not_at_all_and_every_item_replays_to_what_it_stores(int seed)
    {
        var items = Enumerable.Range(0, 5).Select(i => $"item-{seed}-{i}").ToArray();
        foreach (var id in items)
        {
            Assert.IsType<ItemApplied>(await Item(id).ExecuteAsync(new CreateInventoryItem { VariantId = id, Quantity = InitialAvailable }, Context));
            Assert.IsType<ItemApplied>(await Item(id).ExecuteAsync(
                new ChangeQuantities([new AdjustQuantityLine(0, QuantityName.Incoming, InitialIncoming, 0)], null), Context));
        }

        var requests = new ConcurrentBag<Request>();
        await Task.WhenAll(Enumerable.Range(0, Callers).Select(caller => Task.Run(async () =>
        {
            var random = new Random(seed * 1000 + caller);
            var seen = new Dictionary<(string, QuantityName), long>();
            for (var n = 0; n < RequestsPerCaller; n++)
            {
                var lines = Enumerable.Range(0, 1 + random.Next(4)).Select(_ => items[random.Next(items.Length)]).Select((itemId, index) => (ItemId: itemId, Line: RandomLine(random, index, itemId, seen))).ToList();
                var reference = $"gid://test/Request/{seed}-{caller}-{n}";
                var outcome = await fixture.Grains.QuantityOperations().ExecuteAsync(_tenant,
                    [.. lines.GroupBy(line => line.ItemId).Select(item => new ItemQuantityLines(item.Key, [.. item.Select(line => line.Line)]))],
                    reference, Context);
                requests.Add(new Request(reference, lines, outcome));
                Learn(seen, lines, outcome);
            }
        })));

        Assert.Equal(Callers * RequestsPerCaller, requests.Count);
        Assert.DoesNotContain(requests, request => request.Outcome is GroupUnknown);
        var applied = requests.Where(request => request.Outcome is GroupApplied).ToList();
        var rejected = requests.Where(request => request.Outcome is GroupRejected).ToList();
        Assert.True(applied.Count > RequestsPerCaller && rejected.Count > RequestsPerCaller / 4,
            $"{applied.Count} applied and {rejected.Count} refused: too few of either to judge");

        // A refusal names lines of the request, each with a code of §15.
        foreach (var request in rejected)
        {
            var named = ((GroupRejected)request.Outcome).Items.SelectMany(item => item.Lines).ToList();
            Assert.NotEmpty(named);
            Assert.All(named, line =>
            {
                Assert.InRange(line.Index, 0, request.Lines.Count - 1);
                Assert.Contains(line.Code, new[] { InventoryErrorCode.ChangeFromQuantityStale, InventoryErrorCode.InsufficientInventory, InventoryErrorCode.QuantityMustBeNonNegative });
            });
        }

        // Every applied line, with the revision it made and the values it reported.
        var history = new List<RecordedQuantityLine>();
        foreach (var request in applied)
        {
            var answers = ((GroupApplied)request.Outcome).Items.ToDictionary(item => item.ItemId, StringComparer.Ordinal);
            for (var index = 0; index < request.Lines.Count; index++)
            {
                var (itemId, line) = request.Lines[index];
                var reported = answers[itemId].Quantities.Where(q => q.Index == index).ToList();
                Assert.NotEmpty(reported);
                history.Add(new RecordedQuantityLine(itemId, reported[0].Revision, Steps(line), reported.ToDictionary(q => q.Name, q => q.QuantityAfterChange)));
            }
        }

        var initial = new Dictionary<QuantityName, long> { [QuantityName.Available] = InitialAvailable, [QuantityName.Incoming] = InitialIncoming };
        foreach (var id in items)
        {
            var stored = (await Item(id).GetAsync())!;
            var quantities = Adjustable.Append(QuantityName.Reserved).Append(QuantityName.Committed).ToDictionary(name => name, name => stored.Quantities![name]);
            Assert.Empty(QuantityHistoryChecker.Check(id, 2, initial, history, (stored.Revision, quantities)));

            // The ledger: one change per applied line, carrying its request's reference; none of a refused request's;
            // and replayed from the item's creation, the quantities stored.
            var ledger = fixture.Items.Inner.Ledger(new ItemKey(_tenant, id));
            Assert.Equal(Enumerable.Range(1, (int)stored.Revision).Select(r => (long)r), ledger.Select(change => change.Revision));
            foreach (var request in requests)
            {
                var lines = request.Outcome is GroupApplied ? request.Lines.Count(line => line.ItemId == id) : 0;
                Assert.Equal(lines, ledger.Count(change => change.Reference == request.Reference));
            }

            Assert.All(ledger.Skip(2), change => Assert.Contains(change.Operation, new ItemOperation?[] { ItemOperation.Set, ItemOperation.Adjust, ItemOperation.Move }));
            Assert.Equal(quantities, Replay(ledger));
        }
    }

    private IInventoryItemGrain Item(string id) => fixture.Grains.GetGrain<IInventoryItemGrain>(InventoryItemKey.Format(_tenant, id));

    /// <summary>A line of any kind; its <c>changeFromQuantity</c>, half the time, is what the caller last saw (perhaps stale).</summary>
    private static QuantityLine RandomLine(Random random, int index, string itemId, Dictionary<(string, QuantityName), long> seen)
    {
        int? ChangeFrom(QuantityName name) => random.Next(2) == 0
            ? null
            : (int)seen.GetValueOrDefault((itemId, name), name switch
            {
                QuantityName.Available => InitialAvailable,
                QuantityName.Incoming => InitialIncoming,
                _ => 0,
            });

        var name = Adjustable[random.Next(Adjustable.Length)];
        switch (random.Next(3))
        {
            case 0:
                return new SetQuantityLine(index, QuantityName.Available, random.Next(0, 40), ChangeFrom(QuantityName.Available));
            case 1:
                return new AdjustQuantityLine(index, name, random.Next(1, 9) * (random.Next(3) == 0 ? -1 : 1), ChangeFrom(name));
            default:
                var to = Adjustable[(Array.IndexOf(Adjustable, name) + 1 + random.Next(Adjustable.Length - 1)) % Adjustable.Length];
                return new MoveQuantityLine(index, 1 + random.Next(6), name, ChangeFrom(name), to, ChangeFrom(to));
        }
    }

    /// <summary>What a caller learns from an answer: the values applied lines reported, and the current values refusals named.</summary>
    private static void Learn(Dictionary<(string, QuantityName), long> seen, List<(string ItemId, QuantityLine Line)> lines, GroupOutcome outcome)
    {
        switch (outcome)
        {
            case GroupApplied applied:
                foreach (var item in applied.Items)
                {
                    foreach (var quantity in item.Quantities)
                    {
                        seen[(item.ItemId, quantity.Name)] = quantity.QuantityAfterChange;
                    }
                }

                break;
            case GroupRejected rejected:
                foreach (var line in rejected.Items.SelectMany(item => item.Lines))
                {
                    var (itemId, asked) = lines[line.Index];
                    if (line.Current is { } current && asked is SetQuantityLine or AdjustQuantityLine)
                    {
                        seen[(itemId, asked is SetQuantityLine set ? set.Name : ((AdjustQuantityLine)asked).Name)] = current;
                    }
                }

                break;
        }
    }

    /// <summary>What a line asks, in the checker's terms (a set of available is the only set sent here).</summary>
    private static IReadOnlyList<QuantityStep> Steps(QuantityLine line) => line switch
    {
        SetQuantityLine set => [new QuantityStep(set.Name, true, set.Quantity, set.ChangeFrom)],
        AdjustQuantityLine adjust => [new QuantityStep(adjust.Name, false, adjust.Delta, adjust.ChangeFrom)],
        MoveQuantityLine move => [new QuantityStep(move.From, false, -move.Quantity, move.FromChangeFrom), new QuantityStep(move.To, false, move.Quantity, move.ToChangeFrom)],
        _ => throw new ArgumentOutOfRangeException(nameof(line)),
    };

    /// <summary>The quantities the ledger's changes leave, from a blank item, each change's "before" checked against the replay.</summary>
    private static Dictionary<QuantityName, long> Replay(IReadOnlyList<ChangeLogEntry> ledger)
    {
        var replay = Adjustable.Append(QuantityName.Reserved).Append(QuantityName.Committed).ToDictionary(name => name, _ => 0L);
        foreach (var change in ledger)
        {
            foreach (var field in change.Changes)
            {
                if (LedgerFields.QuantityOf(field.Field) is { } name)
                {
                    Assert.Equal(replay[name], long.Parse(field.Before, System.Globalization.CultureInfo.InvariantCulture));
                    replay[name] = long.Parse(field.After, System.Globalization.CultureInfo.InvariantCulture);
                }
            }
        }

        return replay;
    }
}
