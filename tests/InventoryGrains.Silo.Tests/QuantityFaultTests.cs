using System.Diagnostics;
using System.Globalization;
using InventoryGrains.LoadTest;
using InventoryGrains.LoadTest.Measurement;
using InventoryGrains.LoadTest.Reporting;
using InventoryGrains.Testing;
using Xunit.Abstractions;

namespace InventoryGrains.Silo.Tests;

/// <summary>
/// Quantity operations of ten lines over ten items, all or nothing, sent by a grain client to two
/// silo processes on PostgreSQL, each repeated under its key until its outcome is definite. While
/// they run, a silo is killed with SIGKILL (coordinators die between preparing and storing, and
/// between storing and telling their items; items die while they hold), or the database is stopped
/// at once and started again. Afterwards no request is applied in part or twice (every item's
/// incoming is the number of acknowledged lines that named it, at the revision that many changes
/// make) and every item's stored row is its ledger's replay, quantities by state included.
/// </summary>
[Collection(RealProcesses.Name)]
public sealed class QuantityFaultTests(ITestOutputHelper output) : DedicatedClusterTests(output)
{
    private static readonly TimeSpan FaultAfter = TimeSpan.FromSeconds(4);

    [Fact]
    public async Task Killing_a_silo_while_requests_hold_items_leaves_no_request_partly_applied()
    {
        var silos = await Cluster.StartSilosAsync(null, "silo-a", "silo-b");
        var killedAt = TimeSpan.Zero;
        async Task KillAndRestartAsync()
        {
            var clock = Stopwatch.StartNew();

            // The fault is placed on the load's timeline; nothing to await before it.
            await Task.Delay(FaultAfter);
            await silos[1].KillAsync();
            killedAt = clock.Elapsed;
            var restarted = Cluster.StartSilo("silo-b-again");
            await restarted.WaitForOutputAsync("Silo started", PostgresCluster.StartTimeout);
        }

        var results = await RunAsync(TimeSpan.FromSeconds(18), KillAndRestartAsync);

        Output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"killed at {killedAt.TotalSeconds:F1} s"));
        AssertWholeAndReplayed(results);
    }

    [Fact]
    public async Task Stopping_the_database_mid_request_and_starting_it_again_leaves_no_request_partly_applied()
    {
        await Cluster.StartSilosAsync(null, "silo-a", "silo-b");
        var (stoppedAt, startedAt) = (TimeSpan.Zero, TimeSpan.Zero);
        async Task StopAndStartAsync()
        {
            var clock = Stopwatch.StartNew();

            // The fault is placed on the load's timeline; nothing to await before it.
            await Task.Delay(FaultAfter);
            await Postgres.PauseAsync();
            stoppedAt = clock.Elapsed;
            await Task.Delay(TimeSpan.FromSeconds(4));
            await Postgres.ResumeAsync();
            startedAt = clock.Elapsed;
        }

        var results = await RunAsync(TimeSpan.FromSeconds(15), StopAndStartAsync);

        Output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"database stopped at {stoppedAt.TotalSeconds:F1} s, started at {startedAt.TotalSeconds:F1} s"));
        AssertWholeAndReplayed(results);
    }

    private async Task<ScenarioResult> RunAsync(TimeSpan duration, Func<Task> fault)
    {
        var options = new LoadTestOptions
        {
            Scenario = ScenarioKind.Quantities,
            Items = 300,
            BulkSize = 10,
            Concurrency = 8,
            Duration = RunLength.Of(duration),
        };
        var results = await RunLoadAsync(options, fault);
        foreach (var interval in results.Figures.Timeline)
        {
            Output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{interval.AtSeconds,6:F1} s  {interval.Items,6} lines  {interval.Errors,5} errors"));
        }

        Output.WriteLine($"repeated {string.Join(", ", results.Figures.Repeated.Select(e => $"{e.Key} {e.Value}"))}; acknowledged lines {results.Verification.AcknowledgedChanges}");
        return results;
    }

    private static void AssertWholeAndReplayed(ScenarioResult results)
    {
        // The fault left outcomes unknown; each was repeated under its key until definite.
        Assert.True(results.Figures.Repeated.GetValueOrDefault("UNAVAILABLE") > 0, "the fault was meant to leave outcomes unknown");
        Assert.Equal(0, results.Verification.UncertainChanges);

        // No request applied in part, none twice, none lost; refusals only for the stale lines sent on purpose.
        Assert.True(results.Verification.Verified, string.Join("\n", results.Verification.Disagreements));
        Assert.Equal(300, results.Verification.StoredLedger!.Items);
        Assert.Empty(results.Verification.StoredLedger.Problems);
    }
}
