using System.Globalization;
using System.Net;
using InventoryGrains.Hosting.Configuration;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;

namespace InventoryGrains.Hosting.Networking;

/// <summary>
/// Checks, before anything starts, that the ports this process is configured to listen on are
/// free, so that a taken port is one clear line rather than a start-up that fails half way with
/// every component's error. (The listeners check again when they bind, for a race with another
/// process starting at the same moment.)
/// </summary>
public static class StartupPreflight
{
    /// <summary>The first configured port another process holds, or null when all are free.</summary>
    /// <param name="hostsSilo">Whether this process hosts a silo (its silo and gateway ports are checked).</param>
    public static PortInUseException? FindTakenPort(IConfiguration configuration, bool hostsSilo)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        if (hostsSilo && TakenSiloPort(configuration) is { } silo)
        {
            return silo;
        }

        var urls = configuration[WebHostDefaults.ServerUrlsKey] ?? "";
        foreach (var url in urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (ListenEndpoint(url) is { Port: > 0 } endpoint && !PortAvailability.IsFree(endpoint))
            {
                return new PortInUseException(endpoint.Port, $"HTTP, {url}", "--urls or ASPNETCORE_URLS");
            }
        }

        return null;
    }

    /// <summary>Writes the failure as one line on standard error and returns the exit code to end with.</summary>
    public static int Fail(string processName, PortInUseException taken)
    {
        ArgumentNullException.ThrowIfNull(taken);
        Console.Error.WriteLine($"{processName}: {taken.Message}");
        return 1;
    }

    private static PortInUseException? TakenSiloPort(IConfiguration configuration)
    {
        var deployment = InventoryDeployment.From(configuration);
        var section = configuration.GetSection(InventoryClusterOptions.SectionName);
        var settings = section.Get<InventoryClusterOptions>() ?? new InventoryClusterOptions();

        // The embedded mode takes ports the system picks, unless told otherwise: nothing to check then.
        var listen = deployment.Storage == StorageMode.PostgreSql && !IPAddress.IsLoopback(settings.ResolveAdvertisedAddress())
            ? IPAddress.Any
            : IPAddress.Loopback;
        if ((!deployment.IsEmbedded || section[nameof(InventoryClusterOptions.SiloPort)] is not null) && !PortAvailability.IsFree(new IPEndPoint(listen, settings.SiloPort)))
        {
            return ClusterPorts.SiloPortInUse(settings.SiloPort);
        }

        if ((!deployment.IsEmbedded || section[nameof(InventoryClusterOptions.GatewayPort)] is not null) && !PortAvailability.IsFree(new IPEndPoint(listen, settings.GatewayPort)))
        {
            return ClusterPorts.GatewayPortInUse(settings.GatewayPort);
        }

        return null;
    }

    /// <summary>Where Kestrel would listen for <paramref name="url"/> (http://host:port), on IPv4.</summary>
    private static IPEndPoint? ListenEndpoint(string url)
    {
        var schemeEnd = url.IndexOf("://", StringComparison.Ordinal);
        var authority = schemeEnd < 0 ? url : url[(schemeEnd + 3)..];
        authority = authority.Split('/')[0];
        var colon = authority.LastIndexOf(':');
        if (colon < 0 || !int.TryParse(authority[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var port))
        {
            return null;
        }

        var host = authority[..colon];
        var address = host switch
        {
            "localhost" => IPAddress.Loopback,
            "+" or "*" or "[::]" or "0.0.0.0" => IPAddress.Any,
            _ => IPAddress.TryParse(host.Trim('[', ']'), out var parsed) ? parsed : null,
        };
        return address is null ? null : new IPEndPoint(address, port);
    }
}

/// <summary>The one wording of a taken silo or gateway port, for the pre-flight check and the listeners.</summary>
internal static class ClusterPorts
{
    public static PortInUseException SiloPortInUse(int port) =>
        new(port, "Orleans silo-to-silo", "Inventory:Cluster:SiloPort (Inventory__Cluster__SiloPort)");

    public static PortInUseException GatewayPortInUse(int port) =>
        new(port, "Orleans gateway", "Inventory:Cluster:GatewayPort (Inventory__Cluster__GatewayPort)");
}
