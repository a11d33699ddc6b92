using InventoryGrains.Testing;
using InventoryGrains.Abstractions.Inventory;
using InventoryGrains.Storage.Items;
using InventoryGrains.Domain.Items;

namespace InventoryGrains.Grains.Tests.Inventory;

public sealed class InventoryItemGrainTests(InventoryClusterFixture fixture) : IClassFixture<InventoryClusterFixture>
{
    private static readonly ChangeContext Manual = new(ChangeReason.Manual, "test");
    private readonly string _tenant = $"shop-{Guid.NewGuid():N}";

    private IBulkCoordinatorGrain Coordinator => fixture.Grains.GetGrain<IBulkCoordinatorGrain>(0);

    private IInventoryItemGrain Item(string id, string? tenant = null) =>
        fixture.Grains.GetGrain<IInventoryItemGrain>(InventoryItemKey.Format(tenant ?? _tenant, id));

    private async Task<string> CreateAsync(int quantity)
    {
        var id = Guid.NewGuid().ToString();
        var result = await Item(id).ExecuteAsync(new CreateInventoryItem { VariantId = Guid.NewGuid().ToString(), Quantity = quantity }, Manual);
        Assert.True((result is ItemApplied), (result as ItemRejected)?.Error.Description);
        return id;
    }

    [Fact]
    public async Task The_same_item_twice_in_one_bulk_with_the_same_revision_first_wins_second_mismatches()
    {
        var id = await CreateAsync(5);
        var update = new UpdateInventoryItem { ExpectedRevision = 1, Quantity = 7 };

        var results = await Coordinator.ExecuteAsync(_tenant, [new ItemCommand(id, update), new ItemCommand(id, update with { Quantity = 9 })], Manual);

        Assert.IsType<ItemApplied>(results[0]);
        Assert.Equal(2, results[0].AppliedItem().Revision);
        Assert.Equal(InventoryErrorCode.RevisionMismatch, results[1].Rejected().Code);
        Assert.Equal(2, results[1].Rejected().Error.CurrentRevision);
        Assert.Equal(7, (await Item(id).GetAsync())!.Quantity);
    }

    [Fact]
    public async Task Of_50_concurrent_bulk_updates_quoting_the_same_revision_exactly_one_succeeds()
    {
        var id = await CreateAsync(5);

        var bulks = await Task.WhenAll(Enumerable.Range(0, 50).Select(i =>
            Coordinator.ExecuteAsync(_tenant, [new ItemCommand(id, new UpdateInventoryItem { ExpectedRevision = 1, Quantity = 100 + i })], Manual)));

        var results = bulks.Select(b => Assert.Single(b)).ToList();
        var winner = Assert.Single(results, r => (r is ItemApplied));
        Assert.All(results.Where(r => !(r is ItemApplied)), r => Assert.Equal(InventoryErrorCode.RevisionMismatch, r.Rejected().Code));
        var stored = (await Item(id).GetAsync())!;
        Assert.Equal(2, stored.Revision);
        Assert.Equal(winner.AppliedItem().Quantity, stored.Quantity);
    }

    [Fact]
    public async Task Of_50_concurrent_decrements_of_1_on_stock_30_exactly_30_succeed()
    {
        var id = await CreateAsync(30);

        var bulks = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ =>
            Coordinator.ExecuteAsync(_tenant, [new ItemCommand(id, new DecrementInventory(1, false, true))], Manual)));

        var results = bulks.Select(b => Assert.Single(b)).ToList();
        Assert.Equal(30, results.Count(r => (r is ItemApplied)));
        Assert.All(results.Where(r => !(r is ItemApplied)), r => Assert.Equal(InventoryErrorCode.InsufficientInventory, r.Rejected().Code));
        var stored = (await Item(id).GetAsync())!;
        Assert.Equal(0, stored.Quantity);
        Assert.Equal(31, stored.Revision);
    }

    [Fact]
    public async Task A_failed_write_is_unavailable_and_leaves_the_item_as_it_was()
    {
        var id = await CreateAsync(5);
        var key = new ItemKey(_tenant, id);

        ItemOutcome failed;
        fixture.Storage.FailWrites = true;
        try
        {
            failed = await Item(id).ExecuteAsync(new UpdateInventoryItem { ExpectedRevision = 1, Quantity = 8 }, Manual);
        }
        finally
        {
            fixture.Storage.FailWrites = false;
        }

        Assert.Equal(InventoryErrorCode.Unavailable, failed.Rejected().Code);
        var current = (await Item(id).GetAsync())!;
        Assert.Equal(1, current.Revision);
        Assert.Equal(5, current.Quantity);
        Assert.Single(fixture.Items.Inner.Ledger(key));
        Assert.Equal(1, (await fixture.Items.ReadAsync(key, recentChanges: 0))!.State.Revision);

        var retried = await Item(id).ExecuteAsync(new UpdateInventoryItem { ExpectedRevision = 1, Quantity = 8 }, Manual);
        Assert.IsType<ItemApplied>(retried);
        Assert.Equal(2, retried.AppliedItem().Revision);
        Assert.Equal(8, (await fixture.Items.ReadAsync(key, recentChanges: 0))!.State.Quantity);
        Assert.Equal([1L, 2L], fixture.Items.Inner.Ledger(key).Select(c => c.Revision));
    }

    [Fact]
    public async Task A_bulk_of_1000_entries_returns_one_result_per_index_in_order()
    {
        var ids = Enumerable.Range(0, 250).Select(_ => Guid.NewGuid().ToString()).ToList();
        var creates = ids.Select(id => new ItemCommand(id, new CreateInventoryItem { VariantId = id, Quantity = 0 })).ToList();
        Assert.All(await Coordinator.ExecuteAsync(_tenant, creates, Manual), r => Assert.True((r is ItemApplied)));

        // Four increments per item, interleaved across the request.
        var commands = Enumerable.Range(0, 1000).Select(i => new ItemCommand(ids[i % ids.Count], new IncrementInventory(1 + (i / ids.Count)))).ToList();
        var results = await Coordinator.ExecuteAsync(_tenant, commands, Manual);

        Assert.Equal(1000, results.Count);
        for (var i = 0; i < results.Count; i++)
        {
            Assert.True((results[i] is ItemApplied));
            Assert.Equal(commands[i].ItemId, results[i].ItemId);
            // Entries for one item apply in request order: the k-th one sees revision k + 2.
            Assert.Equal(2 + (i / ids.Count), results[i].AppliedItem().Revision);
        }

        Assert.All(await Task.WhenAll(ids.Select(id => Item(id).GetAsync())), r => Assert.Equal(1 + 2 + 3 + 4, r!.Quantity));
    }

    [Fact]
    public async Task Another_tenants_key_names_another_item()
    {
        var id = await CreateAsync(5);

        var foreign = await Item(id, tenant: "other-shop").GetAsync();
        var update = await Coordinator.ExecuteAsync("other-shop", [new ItemCommand(id, new UpdateInventoryItem { ExpectedRevision = 1, Quantity = 0 })], Manual);

        Assert.Null(foreign);
        Assert.Equal(InventoryErrorCode.InventoryItemNotFound, update[0].Rejected().Code);
        Assert.Equal(5, (await Item(id).GetAsync())!.Quantity);
    }

    [Fact]
    public async Task An_item_that_cannot_be_reached_is_that_entrys_unavailable_and_the_others_still_apply()
    {
        var reachable = await CreateAsync(5);
        var unreachable = Guid.NewGuid().ToString();

        IReadOnlyList<ItemOutcome> results;
        fixture.Storage.FailReads = true;
        try
        {
            // The reachable item is already active; the other one cannot activate.
            results = await Coordinator.ExecuteAsync(_tenant, [
                new ItemCommand(unreachable, new IncrementInventory(1)),
                new ItemCommand(reachable, new IncrementInventory(1)),
            ], Manual);
        }
        finally
        {
            fixture.Storage.FailReads = false;
        }

        Assert.Equal(InventoryErrorCode.Unavailable, results[0].Rejected().Code);
        Assert.Equal(unreachable, results[0].ItemId);
        Assert.IsType<ItemApplied>(results[1]);
        Assert.Equal(6, results[1].AppliedItem().Quantity);
    }
}
