using System.Net;
using System.Net.Sockets;
using InventoryGrains.Abstractions.Webhooks;

namespace InventoryGrains.Grains.Webhooks;

/// <summary>
/// Which URLs a webhook may target. Unless private networks are allowed, every address a host has
/// must be public: a tenant must not be able to make the service call loopback, its own network or
/// a cloud metadata endpoint. The check runs at registration (a clear 422) and again on every
/// connection (<see cref="WebhookSender"/>), so a name that later resolves elsewhere is refused too.
/// </summary>
public static class WebhookTargets
{
    public const int MaxUrlLength = 2048;

    public static async Task<WebhookRefusal?> CheckAsync(string url, bool allowPrivateNetworks, CancellationToken cancellationToken = default)
    {
        if (url.Length > MaxUrlLength
            || !Uri.TryCreate(url, UriKind.Absolute, out var uri)
            || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
            || uri.UserInfo.Length > 0
            || uri.Host.Length == 0)
        {
            return new WebhookRefusal(WebhookRefusalReason.InvalidUrl, $"The url must be an absolute http or https URL without user information, at most {MaxUrlLength} characters.");
        }

        if (allowPrivateNetworks)
        {
            return null;
        }

        IPAddress[] addresses;
        try
        {
            addresses = IPAddress.TryParse(uri.IdnHost, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(uri.IdnHost, cancellationToken);
        }
        catch (SocketException)
        {
            return new WebhookRefusal(WebhookRefusalReason.UnresolvableHost, $"The host '{uri.Host}' does not resolve.");
        }

        if (addresses.Length == 0)
        {
            return new WebhookRefusal(WebhookRefusalReason.UnresolvableHost, $"The host '{uri.Host}' does not resolve.");
        }

        return addresses.All(IsPublic)
            ? null
            : new WebhookRefusal(WebhookRefusalReason.NonPublicTarget, $"The host '{uri.Host}' is a loopback, private, link-local or reserved address; webhooks must target public addresses.");
    }

    /// <summary>Whether an address is on the public internet: not loopback, private, shared, link-local, multicast or reserved.</summary>
    public static bool IsPublic(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            Span<byte> b = stackalloc byte[4];
            address.TryWriteBytes(b, out _);
            return !(b[0] == 0                                   // 0.0.0.0/8 "this network"
                || b[0] == 10                                    // 10/8 private
                || (b[0] == 100 && (b[1] & 0xC0) == 64)          // 100.64/10 shared (carrier-grade NAT)
                || b[0] == 127                                   // 127/8 loopback
                || (b[0] == 169 && b[1] == 254)                  // 169.254/16 link-local (cloud metadata)
                || (b[0] == 172 && (b[1] & 0xF0) == 16)          // 172.16/12 private
                || (b[0] == 192 && b[1] == 0 && b[2] == 0)       // 192.0.0/24 protocol assignments
                || (b[0] == 192 && b[1] == 168)                  // 192.168/16 private
                || (b[0] == 198 && (b[1] & 0xFE) == 18)          // 198.18/15 benchmarking
                || b[0] >= 224);                                 // multicast, reserved, broadcast
        }

        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            Span<byte> b = stackalloc byte[16];
            address.TryWriteBytes(b, out _);
            return !(IPAddress.IPv6Loopback.Equals(address)
                || IPAddress.IPv6None.Equals(address)           // ::
                || address.IsIPv6LinkLocal                      // fe80::/10
                || address.IsIPv6SiteLocal                      // fec0::/10
                || address.IsIPv6UniqueLocal                    // fc00::/7
                || address.IsIPv6Multicast                      // ff00::/8
                || (b[0] == 0 && b[1] == 0x64 && b[2] == 0xFF && b[3] == 0x9B && !IsPublic(new IPAddress(b[12..]))) // NAT64 of a non-public IPv4
                || (b[0] == 0x20 && b[1] == 0x02 && !IsPublic(new IPAddress(b[2..6])))); // 6to4 of a non-public IPv4
        }

        return false;
    }
}
