using System.Diagnostics;
using System.Globalization;
using InventoryGrains.LoadTest;
using InventoryGrains.LoadTest.Measurement;
using InventoryGrains.Testing;
using Spectre.Console.Testing;
using Xunit.Abstractions;

namespace InventoryGrains.Silo.Tests;

/// <summary>
/// Three silo processes on PostgreSQL under a revision-checked bulk load; one is killed with
/// SIGKILL and started again while the load goes on. The client repeats every change whose outcome
/// is unknown with the same operation ids until it is definite. Afterwards every change must have
/// been applied exactly once (the load tool's own verification, and no operation id twice in any
/// item's ledger), calls may only have failed with a clear UNAVAILABLE, the dead incarnation is
/// Dead in the membership table, the new one joined, and the load runs clean again at the end.
/// </summary>
[Collection(RealProcesses.Name)]
public sealed class SiloKillUnderLoadTests(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly TimeSpan KillAfter = TimeSpan.FromSeconds(5);
    private PostgresCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await PostgresCluster.CreateAsync(output);

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task Killing_a_silo_under_load_applies_every_change_exactly_once_and_the_cluster_recovers()
    {
        // The service's own failure detection: the figures are what a deployment sees.
        var silos = await _cluster.StartSilosAsync(PostgresCluster.ServiceFailureDetection, "silo-a", "silo-b", "silo-c");
        var victim = silos[1];
        var killedAt = TimeSpan.Zero;
        var rejoinedAt = TimeSpan.Zero;
        var declaredDeadAt = TimeSpan.Zero;

        async Task KillAndRestartAsync()
        {
            var clock = Stopwatch.StartNew();

            // The fault is injected at a point of the load's timeline; nothing to await before it.
            await Task.Delay(KillAfter);
            await victim.KillAsync();
            killedAt = clock.Elapsed;
            await Eventually.HoldsAsync(
                async () => await _cluster.CountSilosAsync(PostgresCluster.SiloStatusDead, _cluster.SiloPortOf(victim)) == 1,
                TimeSpan.FromSeconds(60), "the killed silo to be declared Dead");
            declaredDeadAt = clock.Elapsed;

            var restarted = _cluster.StartSilo("silo-b-again", PostgresCluster.ServiceFailureDetection);
            await restarted.WaitForOutputAsync("Silo started", PostgresCluster.StartTimeout);
            await Eventually.HoldsAsync(
                async () => await _cluster.CountSilosAsync(PostgresCluster.SiloStatusActive) == 3,
                PostgresCluster.StartTimeout, "the restarted silo to join");
            rejoinedAt = clock.Elapsed;
        }

        var options = new LoadTestOptions
        {
            Scenario = ScenarioKind.BulkUpdate,
            Target = TargetKind.Cluster,
            ConnectionString = _cluster.Database.ConnectionString,
            ClusterId = _cluster.ClusterId,
            Items = 2000,
            BulkSize = 100,
            Concurrency = 4,
            Warmup = TimeSpan.Zero,
            Duration = RunLength.Of(TimeSpan.FromSeconds(50)),
            Live = false,
            Retry = true,
        };
        var console = new TestConsole();
        var report = await LoadTestRunner.RunAsync(options, console, disturbance: KillAndRestartAsync);
        output.WriteLine(console.Output);

        var results = report.Results;
        Assert.True(results.Verification.Verified, string.Join("\n", results.Verification.Disagreements));
        Assert.Empty(results.Verification.StoredLedger!.Problems);
        Assert.Equal(0, results.Verification.UncertainChanges);

        // The kill left outcomes unknown (UNAVAILABLE), each repeated with its operation ids until
        // definite; every change then succeeded, none was refused for a stale revision.
        Assert.True(results.Figures.Repeated.GetValueOrDefault("UNAVAILABLE") > 0, "the kill was meant to leave outcomes unknown");
        Assert.Equal(["UNAVAILABLE"], results.Figures.Repeated.Keys);
        Assert.Empty(results.Figures.Errors);

        var timeline = results.Figures.Timeline;
        var troubled = timeline.Where(t => t.AtSeconds > killedAt.TotalSeconds && (t.Errors > 0 || t.Items == 0)).ToList();
        var unavailableSeconds = troubled.Count == 0 ? 0 : troubled.Max(t => t.AtSeconds) - killedAt.TotalSeconds;
        foreach (var interval in timeline)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{interval.AtSeconds,6:F1} s  {interval.Items,6} items  {interval.Errors,5} errors"));
        }

        // Throughput returns: the run ends with working seconds after the restarted silo joined.
        var tail = timeline.Where(t => t.AtSeconds > rejoinedAt.TotalSeconds && t.AtSeconds <= options.Duration.TotalSeconds).TakeLast(3).ToList();
        Assert.Equal(3, tail.Count);
        Assert.All(tail, t => Assert.True(t.Items > 0, $"at {t.AtSeconds} s: no bulk completed"));

        // No bulk waits on the dead silo longer than the coordinator's deadline (12 s) and the
        // caller's wait for a coordinator on the dead silo itself (15 s).
        Assert.True(results.Figures.Latency.MaxMs < 20_000, $"the slowest bulk took {results.Figures.Latency.MaxMs / 1000:F1} s");

        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"kill at {killedAt.TotalSeconds:F1} s, declared dead at {declaredDeadAt.TotalSeconds:F1} s, rejoined at {rejoinedAt.TotalSeconds:F1} s; acknowledged changes {results.Verification.AcknowledgedChanges}, " +
            $"lost 0, duplicated 0; calls failing or stalled for {unavailableSeconds:F1} s after the kill, slowest bulk {results.Figures.Latency.MaxMs / 1000:F1} s; " +
            $"repeated {string.Join(", ", results.Figures.Repeated.Select(e => $"{e.Key} {e.Value}"))}"));
    }
}
