using InventoryGrains.Abstractions;
using InventoryGrains.Abstractions.Inventory;
using InventoryGrains.Hosting;
using InventoryGrains.Hosting.Configuration;
using InventoryGrains.Testing;
using Orleans.TestingHost;
using InventoryGrains.Domain.Items;

namespace InventoryGrains.Silo.Tests;

/// <summary>The item grain and the coordinator with their state in real PostgreSQL storage.</summary>
public sealed class InventoryItemOnPostgresTests : IAsyncLifetime
{
    private static readonly ChangeContext Manual = new(ChangeReason.Manual, "test");
    private TestDatabase _database = null!;
    private InProcessTestCluster _cluster = null!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync();
        var builder = new InProcessTestClusterBuilder(2);
        builder.ConfigureSilo((_, silo) =>
        {
            silo.AddAdoNetGrainStorage(StorageNames.Inventory, options =>
            {
                options.Invariant = InventoryDeployment.AdoNetInvariant;
                options.ConnectionString = _database.ConnectionString;
            });
            silo.AddPostgresItemStore(_database.ConnectionString);
        });
        _cluster = builder.Build();
        await _cluster.DeployAsync();
    }

    public async Task DisposeAsync()
    {
        await _cluster.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task Acknowledged_changes_are_in_the_database_and_survive_reactivation()
    {
        var coordinator = _cluster.Client.GetGrain<IBulkCoordinatorGrain>(0);
        var id = Guid.NewGuid().ToString();
        await coordinator.ExecuteAsync("shop-1", [new ItemCommand(id, new CreateInventoryItem { VariantId = Guid.NewGuid().ToString(), Quantity = 30 })], Manual);

        var decrements = await Task.WhenAll(Enumerable.Range(0, 40).Select(_ =>
            coordinator.ExecuteAsync("shop-1", [new ItemCommand(id, new DecrementInventory(1, false, true))], Manual)));
        Assert.Equal(30, decrements.Count(r => (r[0] is ItemApplied)));

        // Every silo drops its activations; the next call reads the item back from PostgreSQL.
        foreach (var silo in _cluster.Silos)
        {
            await _cluster.Client.GetGrain<IManagementGrain>(0).ForceActivationCollection([silo.SiloAddress], TimeSpan.Zero);
        }

        var item = (await _cluster.Client.GetGrain<IInventoryItemGrain>(InventoryItemKey.Format("shop-1", id)).GetAsync())!;
        Assert.Equal(0, item.Quantity);
        Assert.Equal(31, item.Revision);
        // The item's row holds the last revision, and its ledger one entry per acknowledged change.
        Assert.Equal(31L, await _database.ScalarAsync<long>(
            "SELECT revision FROM inventory_items WHERE tenant = 'shop-1' AND item_id = @id", ("id", id)));
        Assert.Equal(Enumerable.Range(1, 31).Select(r => (long)r), await _database.QueryAsync(
            "SELECT revision FROM inventory_item_changes WHERE tenant = 'shop-1' AND item_id = @id ORDER BY revision", r => r.GetInt64(0), ("id", id)));
    }
}
