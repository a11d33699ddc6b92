using System.Diagnostics;
using System.Globalization;

namespace InventoryGrains.Silo.Tests;

/// <summary>
/// A private network made of Linux network namespaces, for partition tests: a hub namespace with a
/// bridge (where PostgreSQL runs), one namespace per host joined to the bridge by a veth pair, and
/// a veth pair from this process's namespace to the bridge so the test's own clients reach them.
/// A host is cut off by taking its link to the bridge down, and healed by bringing it up. Every
/// namespace and link is made here and removed on dispose; the subnet is a /24 in 10.231.0.0/16
/// that this machine does not use.
/// </summary>
public sealed class IsolatedNetwork : IAsyncDisposable
{
    private readonly string _id;
    private readonly List<string> _namespaces = [];
    private readonly Dictionary<string, string> _hubLinks = new(StringComparer.Ordinal);
    private int _nextHost = 10;

    private IsolatedNetwork(string id, string subnet)
    {
        _id = id;
        Subnet = subnet;
    }

    /// <summary>The first three octets of the network's addresses.</summary>
    public string Subnet { get; }

    /// <summary>The hub namespace, where the network's shared services (the database) run.</summary>
    public string Hub => $"ig{_id}hub";

    /// <summary>The hub's address on the bridge.</summary>
    public string HubAddress => $"{Subnet}.1";

    private string RootLink => $"ig{_id}root";

    /// <summary>Makes the hub and the link to it; null, with why, where the kernel or the user may not make namespaces.</summary>
    public static async Task<(IsolatedNetwork? Network, string? WhyNot)> TryCreateAsync()
    {
        string used;
        try
        {
            used = (await RunAsync("ip", "-4", "-o", "addr", "show")).Output;
        }
        catch (System.ComponentModel.Win32Exception exception)
        {
            return (null, $"the 'ip' command (iproute2) could not be run: {exception.Message}");
        }

        var subnet = Enumerable.Range(0, 256).Select(n => $"10.231.{(n + Random.Shared.Next(256)) % 256}")
            .FirstOrDefault(candidate => !used.Contains($" {candidate}.", StringComparison.Ordinal));
        if (subnet is null)
        {
            return (null, "no free /24 in 10.231.0.0/16 for the test's network");
        }

        var network = new IsolatedNetwork(Guid.NewGuid().ToString("N")[..5], subnet);
        var (exit, output) = await RunAsync("ip", "netns", "add", network.Hub);
        if (exit != 0)
        {
            return (null, $"network namespaces are not available here ('ip netns add' said: {output.Trim()})");
        }

        network._namespaces.Add(network.Hub);
        try
        {
            await network.InHubAsync("link", "set", "lo", "up");
            await network.InHubAsync("link", "add", "br0", "type", "bridge");
            await network.InHubAsync("addr", "add", $"{network.HubAddress}/24", "dev", "br0");
            await network.InHubAsync("link", "set", "br0", "up");

            // This process's own way in: a veth from its namespace to the bridge.
            var hubSide = $"ig{network._id}hr";
            await CheckedAsync("ip", "link", "add", network.RootLink, "type", "veth", "peer", "name", hubSide, "netns", network.Hub);
            await CheckedAsync("ip", "addr", "add", $"{subnet}.254/24", "dev", network.RootLink);
            await CheckedAsync("ip", "link", "set", network.RootLink, "up");
            await network.InHubAsync("link", "set", hubSide, "master", "br0", "up");
            return (network, null);
        }
        catch
        {
            await network.DisposeAsync();
            throw;
        }
    }

    /// <summary>Adds a host: its own namespace, linked to the bridge. Returns the namespace and the host's address.</summary>
    public async Task<(string Namespace, string Address)> AddHostAsync()
    {
        var number = _nextHost++;
        var name = $"ig{_id}h{number}";
        var address = string.Create(CultureInfo.InvariantCulture, $"{Subnet}.{number}");
        await CheckedAsync("ip", "netns", "add", name);
        _namespaces.Add(name);
        var hubSide = $"ig{_id}b{number}";
        await CheckedAsync("ip", "-n", name, "link", "set", "lo", "up");
        await CheckedAsync("ip", "-n", name, "link", "add", "eth0", "type", "veth", "peer", "name", hubSide, "netns", Hub);
        await CheckedAsync("ip", "-n", name, "addr", "add", $"{address}/24", "dev", "eth0");
        await CheckedAsync("ip", "-n", name, "link", "set", "eth0", "up");
        await InHubAsync("link", "set", hubSide, "master", "br0", "up");
        _hubLinks[name] = hubSide;
        return (name, address);
    }

    /// <summary>Cuts the host off from everything: its link to the bridge goes down (packets are dropped, nothing is refused).</summary>
    public Task CutAsync(string host) => InHubAsync("link", "set", _hubLinks[host], "down");

    public Task HealAsync(string host) => InHubAsync("link", "set", _hubLinks[host], "up");

    public async ValueTask DisposeAsync()
    {
        // Deleting a namespace deletes its links; the root end of the hub's link goes with its peer.
        await RunAsync("ip", "link", "delete", RootLink);
        foreach (var name in Enumerable.Reverse(_namespaces))
        {
            await RunAsync("ip", "netns", "delete", name);
        }
    }

    private Task InHubAsync(params string[] arguments) => CheckedAsync(["ip", "-n", Hub, .. arguments]);

    private static async Task CheckedAsync(params string[] command)
    {
        var (exit, output) = await RunAsync(command);
        if (exit != 0)
        {
            throw new InvalidOperationException($"'{string.Join(' ', command)}' failed ({exit}): {output.Trim()}");
        }
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(params string[] command)
    {
        var start = new ProcessStartInfo(command[0]) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in command[1..])
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout + await stderr);
    }
}
