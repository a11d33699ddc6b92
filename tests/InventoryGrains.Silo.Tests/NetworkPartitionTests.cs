using System.Diagnostics;
using System.Globalization;
using InventoryGrains.Abstractions.Inventory;
using InventoryGrains.Grains.Inventory;
using InventoryGrains.LoadTest;
using InventoryGrains.Testing;
using Spectre.Console.Testing;
using Xunit.Abstractions;
using InventoryGrains.Domain.Items;

namespace InventoryGrains.Silo.Tests;

/// <summary>
/// Three silos, each in its own network namespace, PostgreSQL in a fourth, under a revision-checked
/// bulk load that repeats unknown outcomes with their operation ids. One silo is cut off from the
/// others and from the database (its link dropped: packets vanish, nothing is refused) for longer
/// than the membership timeouts, then healed. The others declare it dead and serve its items; once
/// healed it learns it was declared dead and stops. Every change is applied exactly once, every
/// item's ledger is gap-free, and the time until the cut-off silo's items are served again is
/// printed.
/// </summary>
[Collection(RealProcesses.Name)]
public sealed class NetworkPartitionTests(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly TimeSpan CutAfter = TimeSpan.FromSeconds(6);
    private static readonly TimeSpan CutFor = TimeSpan.FromSeconds(15);

    private IsolatedNetwork? _network;
    private string? _whyNot;
    private DedicatedPostgres? _postgres;
    private PostgresCluster? _cluster;

    public async Task InitializeAsync()
    {
        (_network, _whyNot) = await IsolatedNetwork.TryCreateAsync();
        if (_network is null)
        {
            return;
        }

        try
        {
            _postgres = await DedicatedPostgres.StartAsync(_network.HubAddress, _network.Hub);
            _cluster = PostgresCluster.On(await TestDatabase.CreateOnAsync(_postgres.ConnectionString), output);
        }
        catch
        {
            // A failed set-up leaves nothing behind (xunit does not dispose what failed to initialize).
            await DisposeAsync();
            throw;
        }
    }

    public async Task DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }

        if (_postgres is not null)
        {
            await _postgres.DisposeAsync();
        }

        if (_network is not null)
        {
            await _network.DisposeAsync();
        }
    }

    [SkippableFact]
    public async Task A_silo_cut_off_from_the_cluster_and_the_database_loses_nothing_and_its_items_are_served_again()
    {
        Skip.If(_network is null, $"The network partition test needs network namespaces: {_whyNot}.");
        var network = _network!;
        var cluster = _cluster!;
        var hosts = new List<(string Namespace, string Address)>();
        for (var i = 0; i < 3; i++)
        {
            hosts.Add(await network.AddHostAsync());
        }

        var silos = hosts.Select((host, i) => cluster.StartSilo($"silo-{i}", new Dictionary<string, string>
        {
            ["Inventory__Cluster__AdvertisedAddress"] = host.Address,
        }, host.Namespace)).ToArray();
        await Task.WhenAll(silos.Select(silo => silo.WaitForOutputAsync("Silo started", PostgresCluster.StartTimeout)));
        await Eventually.HoldsAsync(async () => await cluster.CountSilosAsync(PostgresCluster.SiloStatusActive) == 3,
            PostgresCluster.StartTimeout, "three silos Active");

        var victim = hosts[2];
        var probe = await cluster.StartClientAsync();
        var (cutAt, declaredDeadAt, servedAgainAt, healedAt, stoppedAt) = (TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero);
        var probed = 0;
        async Task PartitionAsync()
        {
            var clock = Stopwatch.StartNew();

            // The partition is placed on the load's timeline; nothing to await before it.
            await Task.Delay(CutAfter);
            var stranded = await ItemsActiveOnAsync(probe, victim.Address);
            await network.CutAsync(victim.Namespace);
            cutAt = clock.Elapsed;
            await Eventually.HoldsAsync(
                async () => await cluster.CountSilosAsync(PostgresCluster.SiloStatusDead, cluster.SiloPortOf(silos[2])) == 1,
                TimeSpan.FromSeconds(60), "the cut-off silo to be declared Dead");
            declaredDeadAt = clock.Elapsed;

            // Served again: every item that was active on the cut-off silo answers a read.
            probed = stranded.Length;
            await Eventually.HoldsAsync(() => AllAnswerAsync(probe, stranded), TimeSpan.FromSeconds(60), "the cut-off silo's items to be served again");
            servedAgainAt = clock.Elapsed;

            // Cut for longer than it takes to be declared dead; then the link comes back.
            await Task.Delay(TimeSpan.FromTicks(Math.Max(0, (CutFor - (clock.Elapsed - cutAt)).Ticks)));
            await network.HealAsync(victim.Namespace);
            healedAt = clock.Elapsed;
            await silos[2].WaitForExitAsync(TimeSpan.FromSeconds(60));
            stoppedAt = clock.Elapsed;
        }

        var options = new LoadTestOptions
        {
            Scenario = ScenarioKind.BulkUpdate,
            Target = TargetKind.Cluster,
            ConnectionString = cluster.Database.ConnectionString,
            ClusterId = cluster.ClusterId,
            Items = 1500,
            BulkSize = 100,
            Concurrency = 4,
            Warmup = TimeSpan.Zero,
            Duration = RunLength.Of(TimeSpan.FromSeconds(60)),
            Live = false,
            Retry = true,
        };
        var console = new TestConsole();
        var report = await LoadTestRunner.RunAsync(options, console, disturbance: PartitionAsync);
        output.WriteLine(console.Output);

        var results = report.Results;
        var timeline = results.Figures.Timeline;
        foreach (var interval in timeline)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{interval.AtSeconds,6:F1} s  {interval.Items,6} items  {interval.Errors,5} errors"));
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"partition: cut at {cutAt.TotalSeconds:F1} s, declared dead after {(declaredDeadAt - cutAt).TotalSeconds:F1} s, {probed} of its items served again {(servedAgainAt - cutAt).TotalSeconds:F1} s after the cut, " +
            $"healed at {healedAt.TotalSeconds:F1} s, the cut-off silo stopped itself {(stoppedAt - healedAt).TotalSeconds:F1} s after healing; slowest bulk {results.Figures.Latency.MaxMs / 1000:F1} s; " +
            $"acknowledged changes {results.Verification.AcknowledgedChanges}, lost 0, duplicated 0; repeated {string.Join(", ", results.Figures.Repeated.Select(e => $"{e.Key} {e.Value}"))}"));

        Assert.True(results.Verification.Verified, string.Join("\n", results.Verification.Disagreements));
        Assert.Empty(results.Verification.StoredLedger!.Problems);
        Assert.Equal(0, results.Verification.UncertainChanges);
        Assert.Empty(results.Figures.Errors);
        Assert.True(results.Figures.Repeated.GetValueOrDefault("UNAVAILABLE") > 0, "the partition was meant to leave outcomes unknown");
        Assert.True(stoppedAt > healedAt, "the cut-off silo stops once it learns it was declared dead");

        // The run ends with working seconds: the cluster serves every item again.
        var tail = timeline.Where(t => t.AtSeconds > healedAt.TotalSeconds && t.AtSeconds <= options.Duration.TotalSeconds).TakeLast(3).ToList();
        Assert.Equal(3, tail.Count);
        Assert.All(tail, t => Assert.True(t.Items > 0, $"at {t.AtSeconds} s: no bulk completed"));
    }

    /// <summary>Up to 20 inventory items with an activation on the silo at <paramref name="address"/>.</summary>
    private static async Task<string[]> ItemsActiveOnAsync(IGrainFactory client, string address)
    {
        var management = client.GetGrain<IManagementGrain>(0);
        var silo = (await management.GetHosts(onlyActive: true)).Keys.Single(host => host.Endpoint.Address.ToString() == address);
        var activations = await management.GetDetailedGrainStatistics(hostsIds: [silo]);
        var items = activations
            .Where(activation => activation.GrainType.Contains(nameof(InventoryItemGrain), StringComparison.Ordinal))
            .Select(activation => activation.GrainId.Key.ToString()!)
            .Take(20)
            .ToArray();

        // Items are placed when the load creates them; a silo that others had not yet seen as
        // active then may hold none. Nothing is stranded on it then, and nothing is to be measured.
        return items;
    }

    /// <summary>Whether every item answers a read within 2 s (a call to an unreachable silo would wait for the response timeout).</summary>
    private static async Task<bool> AllAnswerAsync(IGrainFactory client, string[] keys)
    {
        try
        {
            await Task.WhenAll(keys.Select(key => client.GetGrain<IInventoryItemGrain>(key).GetAsync().WaitAsync(TimeSpan.FromSeconds(2))));
            return true;
        }
        catch (Exception exception) when (exception is TimeoutException or OrleansException)
        {
            return false;
        }
    }
}
