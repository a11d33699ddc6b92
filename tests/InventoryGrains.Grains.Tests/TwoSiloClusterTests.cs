using InventoryGrains.Abstractions;
using InventoryGrains.Abstractions.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;

namespace InventoryGrains.Grains.Tests;

public sealed class TwoSiloClusterTests : IAsyncLifetime
{
    private InProcessTestCluster _cluster = null!;

    public async Task InitializeAsync()
    {
        var builder = new InProcessTestClusterBuilder(2);
        builder.ConfigureSilo((_, silo) =>
        {
            silo.AddMemoryGrainStorage(StorageNames.Inventory);
            silo.UseInMemoryReminderService();
        });
        _cluster = builder.Build();
        await _cluster.DeployAsync();
    }

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task A_grain_is_reached_through_both_silos_and_the_client_as_one_activation()
    {
        Assert.Equal(2, _cluster.Silos.Count);
        var hosts = new List<string>();
        foreach (var silo in _cluster.Silos)
        {
            var grains = silo.ServiceProvider.GetRequiredService<IGrainFactory>();
            var snapshot = await grains.GetGrain<IClusterProbeGrain>("shared").IncrementAsync();
            hosts.Add(snapshot.HostingSilo);
        }

        var viaClient = await _cluster.Client.GetGrain<IClusterProbeGrain>("shared").IncrementAsync();

        Assert.Equal(3, viaClient.Count);
        Assert.Single(hosts.Append(viaClient.HostingSilo).Distinct());
    }
}
