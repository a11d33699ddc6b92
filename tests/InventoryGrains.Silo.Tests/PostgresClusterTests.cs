using System.Net;
using InventoryGrains.Abstractions.Diagnostics;
using InventoryGrains.Testing;
using Xunit.Abstractions;

namespace InventoryGrains.Silo.Tests;

/// <summary>Two silo processes and a client-role API on one PostgreSQL database.</summary>
[Collection(RealProcesses.Name)]
public sealed class PostgresClusterTests(ITestOutputHelper output) : IAsyncLifetime
{
    private PostgresCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await PostgresCluster.CreateAsync(output);

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task Two_silo_processes_form_a_cluster_that_survives_killing_the_host_of_a_grain()
    {
        var silos = await _cluster.StartSilosAsync(null, "silo-a", "silo-b");
        var grains = await _cluster.StartClientAsync();

        // An API process in client role answers through the cluster.
        using var http = await _cluster.StartApiAsync("cluster-test-key", "shop-1");

        // Persisted state and a reminder on one grain.
        var probe = grains.GetGrain<IClusterProbeGrain>("survivor");
        await probe.IncrementAsync();
        await probe.IncrementAsync();
        var before = await probe.IncrementAsync();
        Assert.Equal(3, before.Count);
        await probe.StartReminderAsync(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
        await Eventually.ReturnsAsync(probe.GetAsync, s => s.ReminderTicks >= 1, TimeSpan.FromSeconds(30), "the reminder to fire");

        var host = silos.Single(silo => before.HostingSilo.Contains($":{_cluster.SiloPortOf(silo)}:", StringComparison.Ordinal));
        var survivor = silos.Single(silo => silo != host);
        await host.KillAsync();

        // After the kill the grain comes back on the survivor with its persisted counter.
        var after = await Eventually.ReturnsAsync(
            probe.GetAsync, _ => true, TimeSpan.FromSeconds(60), "the grain to answer again after the kill");
        Assert.Contains($":{_cluster.SiloPortOf(survivor)}:", after.HostingSilo, StringComparison.Ordinal);
        Assert.Equal(3, after.Count);

        await Eventually.HoldsAsync(
            async () => await _cluster.CountSilosAsync(PostgresCluster.SiloStatusDead, _cluster.SiloPortOf(host)) == 1,
            TimeSpan.FromSeconds(60), "the killed silo to be declared Dead");

        // The reminder still fires, now on the survivor.
        var ticksAfterKill = (await probe.GetAsync()).ReminderTicks;
        await Eventually.ReturnsAsync(
            probe.GetAsync, s => s.ReminderTicks >= ticksAfterKill + 2, TimeSpan.FromSeconds(60), "the reminder to keep firing after the kill");
        await probe.StopReminderAsync();

        // The client-role API still answers through the surviving silo.
        await Eventually.HoldsAsync(
            async () => (await http.GetAsync("/health/ready")).StatusCode == HttpStatusCode.OK, PostgresCluster.StartTimeout, "the API to be ready after the kill");
    }
}
