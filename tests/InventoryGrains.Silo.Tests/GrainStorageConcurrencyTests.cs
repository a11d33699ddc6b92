using InventoryGrains.Abstractions;
using InventoryGrains.Grains.Diagnostics;
using InventoryGrains.Hosting.Configuration;
using InventoryGrains.Testing;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;
using Orleans.TestingHost;

namespace InventoryGrains.Silo.Tests;

/// <summary>The ETag check of the PostgreSQL grain storage, exercised through the real provider.</summary>
public sealed class GrainStorageConcurrencyTests : IAsyncLifetime
{
    private TestDatabase _database = null!;
    private InProcessTestCluster _cluster = null!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync();
        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureSilo((_, silo) => silo.AddAdoNetGrainStorage(StorageNames.Inventory, options =>
        {
            options.Invariant = InventoryDeployment.AdoNetInvariant;
            options.ConnectionString = _database.ConnectionString;
        }));
        _cluster = builder.Build();
        await _cluster.DeployAsync();
    }

    public async Task DisposeAsync()
    {
        await _cluster.DisposeAsync();
        await _database.DisposeAsync();
    }

    private IGrainStorage Storage =>
        _cluster.Silos[0].ServiceProvider.GetRequiredKeyedService<IGrainStorage>(StorageNames.Inventory);

    [Fact]
    public async Task Of_writers_holding_the_same_etag_exactly_one_wins_and_the_others_are_refused()
    {
        var grainId = GrainId.Create("probe", "contended");
        const string grainType = "probe";
        var initial = new GrainState<ClusterProbeState>(new ClusterProbeState { Count = 1 });
        await Storage.WriteStateAsync(grainType, grainId, initial);
        Assert.Equal("1", initial.ETag);

        var writers = Enumerable.Range(0, 8)
            .Select(i => new GrainState<ClusterProbeState>(new ClusterProbeState { Count = 100 + i }) { ETag = initial.ETag, RecordExists = true })
            .ToList();
        var outcomes = await Task.WhenAll(writers.Select(async writer =>
        {
            try
            {
                await Storage.WriteStateAsync(grainType, grainId, writer);
                return (Won: true, writer.State!.Count);
            }
            catch (InconsistentStateException)
            {
                return (Won: false, writer.State!.Count);
            }
        }));

        var winner = Assert.Single(outcomes, o => o.Won);
        var stored = new GrainState<ClusterProbeState>();
        await Storage.ReadStateAsync(grainType, grainId, stored);
        Assert.Equal(winner.Count, stored.State!.Count);
        Assert.Equal("2", stored.ETag);
    }

    [Fact]
    public async Task Two_first_writes_of_a_new_state_cannot_both_succeed()
    {
        var grainId = GrainId.Create("probe", "first-write");
        var results = await Task.WhenAll(Enumerable.Range(0, 6).Select(async i =>
        {
            try
            {
                await Storage.WriteStateAsync("probe", grainId, new GrainState<ClusterProbeState>(new ClusterProbeState { Count = i }));
                return true;
            }
            catch (InconsistentStateException)
            {
                return false;
            }
        }));

        Assert.Single(results, won => won);
    }

    [Fact]
    public async Task A_write_quoting_a_stale_etag_is_refused_and_changes_nothing()
    {
        var grainId = GrainId.Create("probe", "stale");
        var current = new GrainState<ClusterProbeState>(new ClusterProbeState { Count = 1 });
        await Storage.WriteStateAsync("probe", grainId, current);
        current.State!.Count = 2;
        await Storage.WriteStateAsync("probe", grainId, current);

        var stale = new GrainState<ClusterProbeState>(new ClusterProbeState { Count = 99 }) { ETag = "1", RecordExists = true };
        await Assert.ThrowsAsync<InconsistentStateException>(() => Storage.WriteStateAsync("probe", grainId, stale));

        var stored = new GrainState<ClusterProbeState>();
        await Storage.ReadStateAsync("probe", grainId, stored);
        Assert.Equal(2, stored.State!.Count);
        Assert.Equal("2", stored.ETag);
    }
}
