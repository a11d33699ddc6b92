using System.Net;
using InventoryGrains.Abstractions.Diagnostics;
using InventoryGrains.Hosting;
using InventoryGrains.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Xunit.Abstractions;

namespace InventoryGrains.Silo.Tests;

/// <summary>
/// Real processes on 127.0.0.1: two silos and an API in client role, one PostgreSQL database for
/// membership, grain state and reminders. Failure detection is shortened so a killed silo is
/// declared dead within seconds.
/// </summary>
public sealed class PostgresClusterTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int SiloStatusActive = 3;
    private const int SiloStatusDead = 6;
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private readonly string _clusterId = $"test-{Guid.NewGuid():N}";
    private readonly List<ServiceProcess> _processes = [];
    private TestDatabase _database = null!;
    private IHost? _client;

    public async Task InitializeAsync() => _database = await TestDatabase.CreateAsync();

    public async Task DisposeAsync()
    {
        if (_client is not null)
        {
            await _client.StopAsync();
            _client.Dispose();
        }

        foreach (var process in _processes)
        {
            output.WriteLine($"--- {process.Name} (pid {process.Pid}) ---\n{process.Output}");
            await process.DisposeAsync();
        }

        await _database.DisposeAsync();
    }

    [Fact]
    public async Task Two_silo_processes_form_a_cluster_that_survives_killing_the_host_of_a_grain()
    {
        var first = StartSilo("silo-a");
        var second = StartSilo("silo-b");
        await Task.WhenAll(
            first.WaitForOutputAsync("Silo started", StartTimeout),
            second.WaitForOutputAsync("Silo started", StartTimeout));

        await Eventually.HoldsAsync(
            async () => await CountSilosAsync(SiloStatusActive) == 2, StartTimeout, "both silos Active in the membership table");

        var grains = (await StartClientAsync()).Services.GetRequiredService<IGrainFactory>();

        // An API process in client role answers through the cluster.
        var apiPort = FreePort.Next();
        var api = Start("api", "InventoryGrains.Api", new Dictionary<string, string>
        {
            ["Inventory__Role"] = "Client",
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{apiPort}",
            ["Inventory__ApiKeys__0__Key"] = "cluster-test-key",
            ["Inventory__ApiKeys__0__Tenant"] = "shop-1",
        });
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{apiPort}") };
        await Eventually.HoldsAsync(
            async () => (await http.GetAsync("/health/ready")).StatusCode == HttpStatusCode.OK, StartTimeout, "the client-role API to be ready");
        Assert.False(api.HasExited);

        // Persisted state and a reminder on one grain.
        var probe = grains.GetGrain<IClusterProbeGrain>("survivor");
        await probe.IncrementAsync();
        await probe.IncrementAsync();
        var before = await probe.IncrementAsync();
        Assert.Equal(3, before.Count);
        await probe.StartReminderAsync(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
        await Eventually.ReturnsAsync(probe.GetAsync, s => s.ReminderTicks >= 1, TimeSpan.FromSeconds(30), "the reminder to fire");

        var host = before.HostingSilo.Contains($":{SiloPortOf(first)}:", StringComparison.Ordinal) ? first : second;
        var survivor = host == first ? second : first;
        await host.KillAsync();

        // After the kill the grain comes back on the survivor with its persisted counter.
        var after = await Eventually.ReturnsAsync(
            probe.GetAsync, _ => true, TimeSpan.FromSeconds(60), "the grain to answer again after the kill");
        Assert.Contains($":{SiloPortOf(survivor)}:", after.HostingSilo, StringComparison.Ordinal);
        Assert.True(after.Count >= 3, $"persisted count lost: {after.Count}");
        Assert.Equal(3, after.Count);

        await Eventually.HoldsAsync(
            async () => await CountSilosAsync(SiloStatusDead, SiloPortOf(host)) == 1, TimeSpan.FromSeconds(60), "the killed silo to be declared Dead");

        // The reminder still fires, now on the survivor.
        var ticksAfterKill = (await probe.GetAsync()).ReminderTicks;
        await Eventually.ReturnsAsync(
            probe.GetAsync, s => s.ReminderTicks >= ticksAfterKill + 2, TimeSpan.FromSeconds(60), "the reminder to keep firing after the kill");
        await probe.StopReminderAsync();

        // The client-role API still answers through the surviving silo.
        await Eventually.HoldsAsync(
            async () => (await http.GetAsync("/health/ready")).StatusCode == HttpStatusCode.OK, StartTimeout, "the API to be ready after the kill");
    }

    private readonly Dictionary<ServiceProcess, int> _siloPorts = [];

    private int SiloPortOf(ServiceProcess silo) => _siloPorts[silo];

    private ServiceProcess StartSilo(string name)
    {
        var siloPort = FreePort.Next();
        var silo = Start(name, "InventoryGrains.Silo", new Dictionary<string, string>
        {
            ["Inventory__Cluster__SiloPort"] = siloPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Inventory__Cluster__GatewayPort"] = FreePort.Next().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Inventory__Cluster__Membership__ProbeTimeout"] = "00:00:01",
            ["Inventory__Cluster__Membership__NumMissedProbesLimit"] = "2",
            ["Inventory__Cluster__Membership__TableRefreshTimeout"] = "00:00:02",
            ["Inventory__Cluster__Membership__IAmAliveTablePublishTimeout"] = "00:00:02",
            ["Inventory__Cluster__Reminders__MinimumReminderPeriod"] = "00:00:01",
        });
        _siloPorts[silo] = siloPort;
        return silo;
    }

    private ServiceProcess Start(string name, string project, Dictionary<string, string> environment)
    {
        environment["ConnectionStrings__Inventory"] = _database.ConnectionString;
        environment["Inventory__Cluster__ClusterId"] = _clusterId;
        environment["Logging__LogLevel__Orleans"] = "Warning";
        var process = ServiceProcess.Start(name, project, environment);
        _processes.Add(process);
        return process;
    }

    private async Task<IHost> StartClientAsync()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Inventory"] = _database.ConnectionString,
            ["Inventory:Cluster:ClusterId"] = _clusterId,
        });
        builder.AddInventoryClient();
        _client = builder.Build();
        await _client.StartAsync();
        return _client;
    }

    private async Task<long> CountSilosAsync(int status, int? port = null) =>
        await _database.ScalarAsync<long>(
            "SELECT count(*) FROM orleans_membership WHERE deployment_id = @cluster AND status = @status AND (@port = 0 OR port = @port)",
            ("cluster", _clusterId), ("status", status), ("port", port ?? 0));
}
