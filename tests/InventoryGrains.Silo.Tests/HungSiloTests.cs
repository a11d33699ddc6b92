using System.Diagnostics;
using System.Globalization;
using InventoryGrains.Abstractions.Diagnostics;
using InventoryGrains.Testing;
using Xunit.Abstractions;

namespace InventoryGrains.Silo.Tests;

/// <summary>
/// A silo that hangs (SIGSTOP: its connections stay open, nothing answers) rather than dies, with
/// the service's own failure detection (none of the shortened test settings): its peer declares it
/// dead within seconds, and its grains answer again from the survivor.
/// </summary>
[Collection(RealProcesses.Name)]
public sealed class HungSiloTests(ITestOutputHelper output) : IAsyncLifetime
{
    private PostgresCluster _cluster = null!;
    private ServiceProcess? _paused;

    public async Task InitializeAsync() => _cluster = await PostgresCluster.CreateAsync(output);

    public async Task DisposeAsync()
    {
        if (_paused is not null)
        {
            await SignalAsync(_paused, "CONT");
        }

        await _cluster.DisposeAsync();
    }

    [Fact]
    public async Task A_hung_silo_is_declared_dead_within_seconds_and_its_grains_answer_again()
    {
        var silos = await _cluster.StartSilosAsync(PostgresCluster.ServiceFailureDetection, "silo-a", "silo-b");
        var grains = await _cluster.StartClientAsync();

        // Grains on both silos, persisted; those on the silo to be paused are the ones watched.
        var probes = Enumerable.Range(0, 40).Select(i => grains.GetGrain<IClusterProbeGrain>($"hung-{i}")).ToList();
        var hosts = await Task.WhenAll(probes.Select(probe => probe.IncrementAsync()));
        var victim = silos.First(silo => hosts.Any(host => Hosted(host, silo)));
        var watched = probes.Where((_, i) => Hosted(hosts[i], victim)).Take(5).ToList();

        await SignalAsync(victim, "STOP");
        _paused = victim;
        var clock = Stopwatch.StartNew();
        var declaredDead = Eventually.ReturnsAsync(
            async () => await _cluster.CountSilosAsync(PostgresCluster.SiloStatusDead, _cluster.SiloPortOf(victim)) == 1 ? clock.Elapsed : (TimeSpan?)null,
            at => at is not null, TimeSpan.FromSeconds(60), "the hung silo to be Dead in the membership table", TimeSpan.FromMilliseconds(100));

        // Each watched grain must answer again, from the survivor, with its stored count.
        foreach (var probe in watched)
        {
            var answer = await Eventually.ReturnsAsync(
                () => probe.GetAsync().WaitAsync(TimeSpan.FromSeconds(2)), _ => true, TimeSpan.FromSeconds(60), "a grain of the hung silo to answer");
            Assert.False(Hosted(answer.HostingSilo, victim));
            Assert.Equal(1, answer.Count);
        }

        var answeredAfter = clock.Elapsed;
        var deadAfter = (await declaredDead)!.Value;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"hung silo: declared Dead {deadAfter.TotalSeconds:F1} s after SIGSTOP; its grains answered a client again after {answeredAfter.TotalSeconds:F1} s"));

        // Orleans' defaults took about a minute here; the service's settings must stay well below.
        Assert.True(deadAfter < TimeSpan.FromSeconds(20), $"the hung silo was declared dead only after {deadAfter}");
    }

    private bool Hosted(ProbeSnapshot snapshot, ServiceProcess silo) => Hosted(snapshot.HostingSilo, silo);

    private bool Hosted(string hostingSilo, ServiceProcess silo) =>
        hostingSilo.Contains(string.Create(CultureInfo.InvariantCulture, $":{_cluster.SiloPortOf(silo)}:"), StringComparison.Ordinal);

    private static async Task SignalAsync(ServiceProcess process, string signal)
    {
        using var kill = Process.Start("kill", ["-" + signal, process.Pid.ToString(CultureInfo.InvariantCulture)]);
        await kill.WaitForExitAsync();
    }
}
