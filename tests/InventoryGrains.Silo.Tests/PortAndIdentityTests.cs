using System.Globalization;
using System.Net;
using System.Net.Sockets;
using InventoryGrains.Testing;

namespace InventoryGrains.Silo.Tests;

/// <summary>
/// Ports belong to one process: a second process never shares a silo, gateway or HTTP port, but
/// fails at once with one line that names the port and the setting that changes it. The embedded
/// mode keeps to itself, and a grain client refuses a cluster of another cluster or service id.
/// </summary>
[Collection(RealProcesses.Name)]
public sealed class PortAndIdentityTests : IAsyncLifetime
{
    private static readonly TimeSpan ExitTimeout = TimeSpan.FromSeconds(60);
    private readonly List<ServiceProcess> _processes = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var process in _processes)
        {
            await process.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_second_silo_on_the_same_ports_fails_with_one_line_naming_the_port_and_its_setting()
    {
        var (siloPort, gatewayPort) = (FreePort.Next(), FreePort.Next());
        var first = Start("silo-1", "InventoryGrains.Silo", Silo(siloPort, gatewayPort, "ports-a"));
        await first.WaitForOutputAsync("Silo started", PostgresCluster.StartTimeout);

        var second = Start("silo-2", "InventoryGrains.Silo", Silo(siloPort, gatewayPort, "ports-b"));
        var exit = await second.WaitForExitAsync(ExitTimeout);

        Assert.Equal(1, exit);
        var line = Assert.Single(second.ErrorLines);
        Assert.StartsWith("InventoryGrains silo: port ", line, StringComparison.Ordinal);
        Assert.Matches($"port ({siloPort}|{gatewayPort}) .*already in use.*Inventory:Cluster:(SiloPort|GatewayPort)", line);
        Assert.DoesNotContain("   at ", second.Output, StringComparison.Ordinal);
        Assert.False(first.HasExited, "the first silo must keep its ports");
    }

    [Theory]
    [InlineData("SiloPort")]
    [InlineData("GatewayPort")]
    public async Task A_port_taken_by_any_listener_is_refused_and_named(string setting)
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;
        var ports = setting == "SiloPort" ? (port, FreePort.Next()) : (FreePort.Next(), port);

        var silo = Start("silo", "InventoryGrains.Silo", Silo(ports.Item1, ports.Item2, "taken"));
        var exit = await silo.WaitForExitAsync(ExitTimeout);

        Assert.Equal(1, exit);
        var line = Assert.Single(silo.ErrorLines);
        Assert.Contains(string.Create(CultureInfo.InvariantCulture, $"port {port} "), line, StringComparison.Ordinal);
        Assert.Contains($"Inventory:Cluster:{setting}", line, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", silo.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_http_port_in_use_is_one_line_naming_the_address_and_the_setting()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;

        var api = Start("api", "InventoryGrains.Api", new Dictionary<string, string> { ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}" });
        var exit = await api.WaitForExitAsync(ExitTimeout);

        Assert.Equal(1, exit);
        var line = Assert.Single(api.ErrorLines);
        Assert.Contains(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{port}"), line, StringComparison.Ordinal);
        Assert.Contains("ASPNETCORE_URLS", line, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", api.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Two_embedded_processes_run_side_by_side_each_a_cluster_of_its_own_on_ports_of_its_own()
    {
        var reports = new List<string>();
        foreach (var name in new[] { "embedded-1", "embedded-2" })
        {
            var api = Start(name, "InventoryGrains.Api", new Dictionary<string, string> { ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{FreePort.Next()}" });
            await api.WaitForOutputAsync("Silo of cluster", PostgresCluster.StartTimeout);
            reports.Add(api.Output.Split('\n').First(line => line.Contains("Silo of cluster", StringComparison.Ordinal)).Trim());
        }

        Assert.NotEqual(reports[0], reports[1]);

        // A clean start says nothing alarming (the silo watchdog's false "stall" included).
        Assert.All(_processes, process => Assert.DoesNotContain("Participant check thread", process.Output, StringComparison.Ordinal));
        Assert.All(_processes, process => Assert.DoesNotContain("fail:", process.Output, StringComparison.Ordinal));
        Assert.All(reports, report => Assert.DoesNotContain("silo port 11111", report, StringComparison.Ordinal));
        Assert.All(reports, report => Assert.DoesNotContain("gateway port 30000", report, StringComparison.Ordinal));
        Assert.All(_processes, process => Assert.False(process.HasExited));
    }

    [Fact]
    public async Task A_client_refuses_a_gateway_of_another_service_id()
    {
        var gatewayPort = FreePort.Next();
        var silo = Start("silo", "InventoryGrains.Silo", Silo(FreePort.Next(), gatewayPort, "shared-cluster", serviceId: "service-a"));
        await silo.WaitForOutputAsync("Silo started", PostgresCluster.StartTimeout);

        var client = Start("api", "InventoryGrains.Api", Client(gatewayPort, "shared-cluster", "service-b"));
        var exit = await client.WaitForExitAsync(ExitTimeout);

        Assert.Equal(1, exit);
        var line = Assert.Single(client.ErrorLines);
        Assert.Contains("belongs to service 'service-a', cluster 'shared-cluster', not service 'service-b'", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_client_refuses_a_gateway_of_another_cluster_id()
    {
        var gatewayPort = FreePort.Next();
        var silo = Start("silo", "InventoryGrains.Silo", Silo(FreePort.Next(), gatewayPort, "cluster-a"));
        await silo.WaitForOutputAsync("Silo started", PostgresCluster.StartTimeout);

        var client = Start("api", "InventoryGrains.Api", Client(gatewayPort, "cluster-b", "inventory-grains"));
        var exit = await client.WaitForExitAsync(ExitTimeout);

        Assert.Equal(1, exit);
        Assert.StartsWith("InventoryGrains API: no gateway of cluster 'cluster-b' answered", Assert.Single(client.ErrorLines), StringComparison.Ordinal);
        Assert.DoesNotContain(client.Output.Split('\n'), line => line.Contains("Now listening", StringComparison.Ordinal));
    }

    private ServiceProcess Start(string name, string project, Dictionary<string, string> environment)
    {
        var process = ServiceProcess.Start(name, project, environment);
        _processes.Add(process);
        return process;
    }

    /// <summary>An in-memory silo (localhost clustering) on the given ports.</summary>
    private static Dictionary<string, string> Silo(int siloPort, int gatewayPort, string clusterId, string serviceId = "inventory-grains") => new()
    {
        ["Inventory__Cluster__SiloPort"] = siloPort.ToString(CultureInfo.InvariantCulture),
        ["Inventory__Cluster__GatewayPort"] = gatewayPort.ToString(CultureInfo.InvariantCulture),
        ["Inventory__Cluster__ClusterId"] = clusterId,
        ["Inventory__Cluster__ServiceId"] = serviceId,
    };

    /// <summary>A client-role API for a localhost gateway.</summary>
    private static Dictionary<string, string> Client(int gatewayPort, string clusterId, string serviceId) => new()
    {
        ["Inventory__Role"] = "Client",
        ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{FreePort.Next()}",
        ["Inventory__Cluster__GatewayPort"] = gatewayPort.ToString(CultureInfo.InvariantCulture),
        ["Inventory__Cluster__ClusterId"] = clusterId,
        ["Inventory__Cluster__ServiceId"] = serviceId,
        ["Inventory__Cluster__ClientConnectTimeout"] = "00:00:05",
        ["Inventory__ApiKeys__0__Key"] = "key",
        ["Inventory__ApiKeys__0__Tenant"] = "shop",
    };
}
