using System.ComponentModel.DataAnnotations;
using System.Net;
using System.Net.Sockets;

namespace InventoryGrains.Hosting.Configuration;

/// <summary>Where a process sits in the Orleans cluster. Bound from <c>Inventory:Cluster</c>.</summary>
public sealed class InventoryClusterOptions
{
    public const string SectionName = "Inventory:Cluster";

    /// <summary>Silos and clients with the same cluster id form one cluster.</summary>
    [Required]
    public string ClusterId { get; set; } = "inventory";

    /// <summary>Stays the same across deployments: grain state and reminders are keyed by it.</summary>
    [Required]
    public string ServiceId { get; set; } = "inventory-grains";

    /// <summary>Silo-to-silo port.</summary>
    [Range(1, 65535)]
    public int SiloPort { get; set; } = 11111;

    /// <summary>Port on which the silo accepts grain clients.</summary>
    [Range(1, 65535)]
    public int GatewayPort { get; set; } = 30000;

    /// <summary>
    /// The address other silos and clients reach this silo on: an IP address, or a host name
    /// resolved at start-up (a container's service name, for instance).
    /// </summary>
    [Required]
    public string AdvertisedAddress { get; set; } = "127.0.0.1";

    /// <summary>How long a grain client keeps trying to reach a gateway before start-up fails.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan ClientConnectTimeout { get; set; } = TimeSpan.FromSeconds(30);

    public IPAddress ResolveAdvertisedAddress()
    {
        if (IPAddress.TryParse(AdvertisedAddress, out var address))
        {
            return address;
        }

        return Dns.GetHostAddresses(AdvertisedAddress).FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork)
            ?? throw new InvalidOperationException($"'{SectionName}:AdvertisedAddress' '{AdvertisedAddress}' has no IPv4 address.");
    }
}
