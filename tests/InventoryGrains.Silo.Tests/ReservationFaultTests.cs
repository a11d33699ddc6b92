using System.Diagnostics;
using System.Globalization;
using InventoryGrains.Abstractions.Inventory;
using InventoryGrains.Abstractions.Reservations;
using InventoryGrains.Domain.Items;
using InventoryGrains.Domain.Reservations;
using InventoryGrains.LoadTest;
using InventoryGrains.LoadTest.Measurement;
using InventoryGrains.LoadTest.Reporting;
using InventoryGrains.Testing;
using Xunit.Abstractions;

namespace InventoryGrains.Silo.Tests;

/// <summary>
/// Checkouts on two silo processes and PostgreSQL while a silo is killed with SIGKILL, or the
/// database is stopped at once and started again; and held reservations whose silo dies before
/// their time. Afterwards every reservation is in one status — the one its buyer left it in, or
/// expired — every item's reserved and committed equal the sums over its reservations, and every
/// item's row is its ledger's replay.
/// </summary>
[Collection(RealProcesses.Name)]
public sealed class ReservationFaultTests(ITestOutputHelper output) : DedicatedClusterTests(output)
{
    private static readonly TimeSpan FaultAfter = TimeSpan.FromSeconds(4);
    private static readonly Dictionary<string, string> FastSweep = new()
    {
        ["Inventory__Reservations__SweepPeriod"] = "00:00:03",
        ["Inventory__Reservations__SweepGrace"] = "00:00:01",
    };

    [Fact]
    public async Task Killing_a_silo_during_checkouts_leaves_every_reservation_in_one_status_and_every_item_its_reservations_sums()
    {
        var silos = await Cluster.StartSilosAsync(FastSweep, "silo-a", "silo-b");
        async Task KillAndRestartAsync()
        {
            // The fault is placed on the load's timeline; nothing to await before it.
            await Task.Delay(FaultAfter);
            await silos[1].KillAsync();
            var restarted = Cluster.StartSilo("silo-b-again", FastSweep);
            await restarted.WaitForOutputAsync("Silo started", PostgresCluster.StartTimeout);
        }

        var results = await RunAsync(TimeSpan.FromSeconds(16), KillAndRestartAsync);

        AssertConsistent(results);
    }

    [Fact]
    public async Task Stopping_the_database_during_checkouts_leaves_every_reservation_in_one_status_and_every_item_its_reservations_sums()
    {
        await Cluster.StartSilosAsync(FastSweep, "silo-a", "silo-b");
        async Task StopAndStartAsync()
        {
            // The fault is placed on the load's timeline; nothing to await before it.
            await Task.Delay(FaultAfter);
            await Postgres.PauseAsync();
            await Task.Delay(TimeSpan.FromSeconds(4));
            await Postgres.ResumeAsync();
        }

        var results = await RunAsync(TimeSpan.FromSeconds(15), StopAndStartAsync);

        AssertConsistent(results);
    }

    [Fact]
    public async Task Held_reservations_whose_silo_dies_before_their_time_expire_by_the_sweep()
    {
        var silos = await Cluster.StartSilosAsync(FastSweep, "silo-a", "silo-b");
        var grains = await Cluster.StartClientAsync();
        const string tenant = "shop-1";
        var item = $"item-{Guid.NewGuid():N}";
        Assert.IsType<ItemApplied>(await grains.GetGrain<IInventoryItemGrain>(InventoryItemKey.Format(tenant, item))
            .ExecuteAsync(new CreateInventoryItem { VariantId = item, Quantity = 100 }, new ChangeContext(ChangeReason.Received, "test")));
        var ids = Enumerable.Range(0, 24).Select(i => $"held-{i}-{Guid.NewGuid():N}").ToList();
        foreach (var id in ids)
        {
            Assert.IsType<ReservationDone>(await grains.GetGrain<IReservationGrain>(ReservationKey.Format(tenant, id)).CreateAsync([new(item, 1)], null, TimeSpan.FromSeconds(8)));
        }

        // Some of them are active on the silo that dies, their timers with it. Only the item is read
        // while they expire: a read of a reservation would bring it back (and its timer) by itself.
        var itemGrain = grains.GetGrain<IInventoryItemGrain>(InventoryItemKey.Format(tenant, item));
        await silos[1].KillAsync();
        await Eventually.HoldsAsync(async () => (await itemGrain.GetAsync().WaitAsync(TimeSpan.FromSeconds(2)))!.Quantities!.Reserved == 0,
            TimeSpan.FromSeconds(90), "every hold to be released by its expiry");

        var expired = await Task.WhenAll(ids.Select(id => grains.GetGrain<IReservationGrain>(ReservationKey.Format(tenant, id)).GetAsync()));
        Assert.All(expired, reservation => Assert.Equal(ReservationStatus.Expired, reservation!.Status));
        var delays = expired.Select(r => (r!.UpdatedAt - r.ExpiresAt).TotalSeconds).Order().ToList();
        Output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"expiry delays after the kill: p50 {delays[delays.Count / 2]:F1} s, max {delays[^1]:F1} s; {delays.Count(d => d > 0.5)} of {delays.Count} expired late (their silo had died)"));
        var quantities = (await itemGrain.GetAsync())!.Quantities!;
        Assert.Equal((100, 0), (quantities.Available, quantities.Reserved));
        Assert.Contains(delays, delay => delay > 0.5);

        // The sweep's period (3 s here) plus failure detection (a few seconds in the test cluster) and its grace.
        Assert.True(delays[^1] < 30, $"the slowest expiry came {delays[^1]:F1} s late");
    }

    private async Task<ScenarioResult> RunAsync(TimeSpan duration, Func<Task> fault)
    {
        var options = new LoadTestOptions
        {
            Scenario = ScenarioKind.Checkout,
            Items = 200,
            HotItems = 4,
            InitialStock = 100_000,
            BulkSize = 3,
            Concurrency = 8,
            Duration = RunLength.Of(duration),
        };
        var results = await RunLoadAsync(options, fault);
        return results;
    }

    private static void AssertConsistent(ScenarioResult results)
    {
        Assert.True(results.Verification.Measured!["checkouts held"] > 20, "too few checkouts to judge");
        Assert.Equal(0, results.Verification.UncertainChanges);
        Assert.True(results.Verification.Verified, string.Join("\n", results.Verification.Disagreements));
        Assert.Equal(200, results.Verification.StoredLedger!.Items);
        Assert.Empty(results.Verification.StoredLedger.Problems);
    }
}
