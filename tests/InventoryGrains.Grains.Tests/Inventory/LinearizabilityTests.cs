using System.Collections.Concurrent;
using InventoryGrains.Abstractions.Inventory;

namespace InventoryGrains.Grains.Tests.Inventory;

/// <summary>
/// Many clients at once on a few hot items, every call recorded with its outcome; then, per item,
/// the acknowledged changes must form one history: revisions 2…n+1 with no gap and no repeat, each
/// change's reported state equal to replaying the history up to it in a model of its own (not the
/// grain's rules), and the stored state equal to the end of that replay.
/// </summary>
public sealed class LinearizabilityTests(InventoryClusterFixture fixture) : IClassFixture<InventoryClusterFixture>
{
    private const int Clients = 16;
    private const int CallsPerClient = 150;
    private static readonly ChangeContext Context = new(ChangeReason.Manual, "test");
    private readonly string _tenant = $"lin-{Guid.NewGuid():N}";

    private IInventoryItemGrain Item(string id) => fixture.Grains.GetGrain<IInventoryItemGrain>(InventoryItemKey.Format(_tenant, id));

    private sealed record Call(string ItemId, InventoryCommand Command, InventoryResult Result);

    [Fact]
    public async Task Concurrent_sets_increments_and_decrements_on_hot_items_form_one_history_per_item()
    {
        string[] items = ["hot-a", "hot-b", "hot-c"];
        const int initial = 40;
        foreach (var id in items)
        {
            Assert.True((await Item(id).ExecuteAsync(new CreateInventoryItem { VariantId = id, Quantity = initial }, Context)).Success);
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
                seen[id] = result.Item?.Revision ?? result.Error?.CurrentRevision ?? seen[id];
            }
        })));

        Assert.Equal(Clients * CallsPerClient, calls.Count);
        foreach (var id in items)
        {
            var history = calls.Where(c => c.ItemId == id && c.Result.Success).OrderBy(c => c.Result.Item!.Revision).ToList();
            Assert.Equal(Enumerable.Range(2, history.Count).Select(r => (long)r), history.Select(c => c.Result.Item!.Revision));

            // Replay the acknowledged changes in revision order in an independent model.
            var quantity = initial;
            foreach (var call in history)
            {
                quantity = call.Command switch
                {
                    UpdateInventoryItem set => set.Quantity!.Value,
                    IncrementInventory increment => quantity + increment.IncrementBy,
                    DecrementInventory decrement => quantity - decrement.DecrementBy,
                    _ => throw new InvalidOperationException(),
                };
                Assert.True(quantity >= 0, $"{id} went below zero at revision {call.Result.Item!.Revision}");
                Assert.Equal(quantity, call.Result.Item!.Quantity);
            }

            var stored = (await Item(id).GetAsync()).Item!;
            Assert.Equal(1 + history.Count, stored.Revision);
            Assert.Equal(quantity, stored.Quantity);

            // Refusals changed nothing and said why in the contract's terms.
            Assert.All(calls.Where(c => c.ItemId == id && !c.Result.Success), c => Assert.Contains(
                c.Result.Error!.Code,
                new[] { InventoryErrorCode.RevisionMismatch, InventoryErrorCode.InsufficientInventory, InventoryErrorCode.RequestedQuantityMustBeNonNegativeDecreasing }));
        }
    }

    [Fact]
    public async Task Concurrent_decrements_of_restricted_stock_sell_exactly_the_stock_there_was()
    {
        const int stock = 500;
        Assert.True((await Item("scarce").ExecuteAsync(new CreateInventoryItem { VariantId = "scarce", Quantity = stock }, Context)).Success);

        var results = await Task.WhenAll(Enumerable.Range(0, 800).Select(_ => Task.Run(() =>
            Item("scarce").ExecuteAsync(new DecrementInventory(1, PreorderRequest: false, RestrictInventory: true), Context))));

        Assert.Equal(stock, results.Count(r => r.Success));
        Assert.All(results.Where(r => !r.Success), r => Assert.Equal(InventoryErrorCode.InsufficientInventory, r.Error!.Code));
        Assert.Equal(Enumerable.Range(0, stock).Select(i => stock - 1 - i).Order(), results.Where(r => r.Success).Select(r => r.Item!.Quantity).Order());
        var stored = (await Item("scarce").GetAsync()).Item!;
        Assert.Equal((0, 1L + stock), (stored.Quantity, stored.Revision));
    }
}
