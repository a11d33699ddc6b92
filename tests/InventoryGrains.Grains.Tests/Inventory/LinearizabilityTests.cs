using InventoryGrains.Testing;
using System.Collections.Concurrent;
using InventoryGrains.Abstractions.Inventory;
using InventoryGrains.LoadTest.Checking;
using InventoryGrains.Domain.Items;

namespace InventoryGrains.Grains.Tests.Inventory;

/// <summary>
/// Many clients at once on a few hot items, every call recorded with its outcome; then, per item,
/// the acknowledged changes must form one history (checked by the load tool's
/// <see cref="LinearizabilityChecker"/>, whose model is independent of the grain's rules).
/// </summary>
public sealed class LinearizabilityTests(InventoryClusterFixture fixture) : IClassFixture<InventoryClusterFixture>
{
    private const int Clients = 16;
    private const int CallsPerClient = 150;
    private static readonly ChangeContext Context = new(ChangeReason.Manual, "test");
    private readonly string _tenant = $"lin-{Guid.NewGuid():N}";

    private IInventoryItemGrain Item(string id) => fixture.Grains.GetGrain<IInventoryItemGrain>(InventoryItemKey.Format(_tenant, id));

    private sealed record Call(string ItemId, InventoryCommand Command, ItemOutcome Result);

    [Fact]
    public async Task Concurrent_sets_increments_and_decrements_on_hot_items_form_one_history_per_item()
    {
        string[] items = ["hot-a", "hot-b", "hot-c"];
        const int initial = 40;
        foreach (var id in items)
        {
            Assert.IsType<ItemApplied>(await Item(id).ExecuteAsync(new CreateInventoryItem { VariantId = id, Quantity = initial }, Context));
        }

        var calls = new ConcurrentBag<Call>();
        await Task.WhenAll(Enumerable.Range(0, Clients).Select(client => Task.Run(async () =>
        {
            var random = new Random(client);
            var seen = items.ToDictionary(id => id, _ => 1L);
            for (var i = 0; i < CallsPerClient; i++)
            {
                var id = items[random.Next(items.Length)];
                InventoryCommand command = random.Next(3) switch
                {
                    0 => new UpdateInventoryItem { ExpectedRevision = seen[id], Quantity = random.Next(0, 30) },
                    1 => new IncrementInventory(1 + random.Next(3)),
                    _ => new DecrementInventory(1 + random.Next(5), PreorderRequest: false, RestrictInventory: true),
                };
                var result = await Item(id).ExecuteAsync(command, Context);
                calls.Add(new Call(id, command, result));
                seen[id] = (result as ItemApplied)?.Item?.Revision ?? (result as ItemRejected)?.Error.CurrentRevision ?? seen[id];
            }
        })));

        Assert.Equal(Clients * CallsPerClient, calls.Count);
        var recorded = calls.Select(c => new RecordedCall(
            c.ItemId,
            c.Command switch { UpdateInventoryItem => CallKind.Set, IncrementInventory => CallKind.Increment, _ => CallKind.Decrement },
            c.Command switch
            {
                UpdateInventoryItem set => set.Quantity!.Value,
                IncrementInventory increment => increment.IncrementBy,
                DecrementInventory decrement => decrement.DecrementBy,
                _ => 0,
            },
            c.Result is ItemApplied,
            (c.Result as ItemApplied)?.Item?.Revision,
            (c.Result as ItemApplied)?.Item?.Quantity,
            (c.Result as ItemRejected)?.Code.ToString())).ToList();
        foreach (var id in items)
        {
            var stored = (await Item(id).GetAsync())!;
            Assert.Empty(LinearizabilityChecker.Check(id, 1, initial, recorded, (stored.Revision, stored.Quantity), restricted: true));
            Assert.True(recorded.Count(c => c.ItemId == id && c.Success) > 10, $"{id}: too few acknowledged changes to judge");

            // Refusals said why in the contract's terms.
            Assert.All(calls.Where(c => c.ItemId == id && !(c.Result is ItemApplied)), c => Assert.Contains(
                c.Result.Rejected().Code,
                new[] { InventoryErrorCode.RevisionMismatch, InventoryErrorCode.InsufficientInventory, InventoryErrorCode.RequestedQuantityMustBeNonNegativeDecreasing }));
        }
    }

    [Fact]
    public async Task Concurrent_decrements_of_restricted_stock_sell_exactly_the_stock_there_was()
    {
        const int stock = 500;
        Assert.IsType<ItemApplied>(await Item("scarce").ExecuteAsync(new CreateInventoryItem { VariantId = "scarce", Quantity = stock }, Context));

        var results = await Task.WhenAll(Enumerable.Range(0, 800).Select(_ => Task.Run(() =>
            Item("scarce").ExecuteAsync(new DecrementInventory(1, PreorderRequest: false, RestrictInventory: true), Context))));

        Assert.Equal(stock, results.Count(r => (r is ItemApplied)));
        Assert.All(results.Where(r => !(r is ItemApplied)), r => Assert.Equal(InventoryErrorCode.InsufficientInventory, r.Rejected().Code));
        Assert.Equal(Enumerable.Range(0, stock).Select(i => stock - 1 - i).Order(), results.Where(r => (r is ItemApplied)).Select(r => r.AppliedItem().Quantity).Order());
        var stored = (await Item("scarce").GetAsync())!;
        Assert.Equal((0, 1L + stock), (stored.Quantity, stored.Revision));
    }
}
