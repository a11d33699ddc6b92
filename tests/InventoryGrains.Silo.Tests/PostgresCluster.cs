using System.Globalization;
using System.Net;
using InventoryGrains.Hosting;
using InventoryGrains.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Xunit.Abstractions;

namespace InventoryGrains.Silo.Tests;

/// <summary>
/// Real processes on 127.0.0.1 sharing one fresh PostgreSQL database for membership, grain state
/// and reminders: silos, a client-role API, and an in-test grain client. Failure detection is
/// shortened so a killed silo is declared dead within seconds. Disposing kills every process,
/// writes their output to the test log and drops the database.
/// </summary>
public sealed class PostgresCluster : IAsyncDisposable
{
    public const int SiloStatusActive = 3;
    public const int SiloStatusDead = 6;
    public static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    /// <summary>Silo settings that restore the service's own failure detection in place of the shortened one the test cluster otherwise uses.</summary>
    public static readonly IReadOnlyDictionary<string, string> ServiceFailureDetection = new Dictionary<string, string>
    {
        ["Inventory__Cluster__Membership__ProbeTimeout"] = "00:00:02",
        ["Inventory__Cluster__Membership__NumMissedProbesLimit"] = "3",
    };

    private readonly ITestOutputHelper _output;
    private readonly List<ServiceProcess> _processes = [];
    private readonly Dictionary<ServiceProcess, int> _siloPorts = [];
    private readonly List<IHost> _clients = [];

    private PostgresCluster(TestDatabase database, ITestOutputHelper output)
    {
        Database = database;
        _output = output;
    }

    public TestDatabase Database { get; }

    public string ClusterId { get; } = $"test-{Guid.NewGuid():N}";

    public static async Task<PostgresCluster> CreateAsync(ITestOutputHelper output) => new(await TestDatabase.CreateAsync(), output);

    /// <summary>A cluster on a database of the test's own choosing (which it then owns and drops).</summary>
    public static PostgresCluster On(TestDatabase database, ITestOutputHelper output) => new(database, output);

    public int SiloPortOf(ServiceProcess silo) => _siloPorts[silo];

    /// <summary>Starts silos and waits until each has started and all are Active in the membership table.</summary>
    public async Task<ServiceProcess[]> StartSilosAsync(IReadOnlyDictionary<string, string>? settings, params string[] names)
    {
        var silos = names.Select(name => StartSilo(name, settings)).ToArray();
        await Task.WhenAll(silos.Select(silo => silo.WaitForOutputAsync("Silo started", StartTimeout)));
        await Eventually.HoldsAsync(
            async () => await CountSilosAsync(SiloStatusActive) == _siloPorts.Count, StartTimeout, "every silo Active in the membership table");
        return silos;
    }

    /// <param name="networkNamespace">Runs the silo in this network namespace; its settings should then name the address it advertises.</param>
    public ServiceProcess StartSilo(string name, IReadOnlyDictionary<string, string>? settings = null, string? networkNamespace = null)
    {
        var siloPort = FreePort.Next();
        var environment = new Dictionary<string, string>
        {
            ["Inventory__Cluster__SiloPort"] = siloPort.ToString(CultureInfo.InvariantCulture),
            ["Inventory__Cluster__GatewayPort"] = FreePort.Next().ToString(CultureInfo.InvariantCulture),
            ["Inventory__Cluster__Membership__ProbeTimeout"] = "00:00:01",
            ["Inventory__Cluster__Membership__NumMissedProbesLimit"] = "2",
            ["Inventory__Cluster__Membership__TableRefreshTimeout"] = "00:00:02",
            ["Inventory__Cluster__Membership__IAmAliveTablePublishTimeout"] = "00:00:02",
            ["Inventory__Cluster__Reminders__MinimumReminderPeriod"] = "00:00:01",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            environment[key] = value;
        }

        var silo = Start(name, "InventoryGrains.Silo", environment, networkNamespace);
        _siloPorts[silo] = siloPort;
        return silo;
    }

    /// <summary>Starts an API in client role with one key, and waits until it reports ready.</summary>
    public async Task<HttpClient> StartApiAsync(string key, string tenant, IReadOnlyDictionary<string, string>? settings = null)
    {
        var port = FreePort.Next();
        var environment = new Dictionary<string, string>
        {
            ["Inventory__Role"] = "Client",
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}",
            ["Inventory__ApiKeys__0__Key"] = key,
            ["Inventory__ApiKeys__0__Tenant"] = tenant,
        };
        foreach (var (name, value) in settings ?? new Dictionary<string, string>())
        {
            environment[name] = value;
        }

        Start($"api-{port}", "InventoryGrains.Api", environment);
        var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        http.WithApiKey(key);
        await Eventually.HoldsAsync(
            async () => (await http.GetAsync("/health/ready")).StatusCode == HttpStatusCode.OK, StartTimeout, "the client-role API to be ready");
        return http;
    }

    /// <summary>A grain client in the test process, connected through the membership table.</summary>
    public async Task<IGrainFactory> StartClientAsync()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Inventory"] = Database.ConnectionString,
            ["Inventory:Cluster:ClusterId"] = ClusterId,
        });
        builder.AddInventoryClient();
        var client = builder.Build();
        _clients.Add(client);
        await client.StartAsync();
        return (IGrainFactory)client.Services.GetService(typeof(IGrainFactory))!;
    }

    public async Task<long> CountSilosAsync(int status, int? port = null) =>
        await Database.ScalarAsync<long>(
            "SELECT count(*) FROM orleans_membership WHERE deployment_id = @cluster AND status = @status AND (@port = 0 OR port = @port)",
            ("cluster", ClusterId), ("status", status), ("port", port ?? 0));

    public async ValueTask DisposeAsync()
    {
        foreach (var client in _clients)
        {
            await client.StopAsync();
            client.Dispose();
        }

        foreach (var process in _processes)
        {
            _output.WriteLine($"--- {process.Name} (pid {process.Pid}) ---\n{process.Output}");
            await process.DisposeAsync();
        }

        await Database.DisposeAsync();
    }

    private ServiceProcess Start(string name, string project, Dictionary<string, string> environment, string? networkNamespace = null)
    {
        environment["ConnectionStrings__Inventory"] = Database.ConnectionString;
        environment["Inventory__Cluster__ClusterId"] = ClusterId;
        environment["Logging__LogLevel__Orleans"] = "Warning";
        var process = ServiceProcess.StartIn(networkNamespace, name, project, environment);
        _processes.Add(process);
        return process;
    }
}
