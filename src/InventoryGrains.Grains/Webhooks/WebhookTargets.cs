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

    /// <summary>
    /// Whether an address is global unicast: in no range of IANA's IPv4 and IPv6 special-purpose
    /// address registries that is not globally reachable, and not multicast, however it is spelt.
    /// An IPv6 address that carries an IPv4 address (IPv4-mapped, IPv4-compatible, IPv4-translated,
    /// NAT64, 6to4, Teredo) is judged by the IPv4 address it carries as well as by its own range.
    /// </summary>
    public static bool IsPublic(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        return address.AddressFamily switch
        {
            AddressFamily.InterNetwork => IsPublicIPv4(address),
            AddressFamily.InterNetworkV6 => IsPublicIPv6(address),
            _ => false,
        };
    }

    private static bool IsPublicIPv4(IPAddress address)
    {
        Span<byte> b = stackalloc byte[4];
        address.TryWriteBytes(b, out _);
        return !(b[0] == 0                                              // 0.0.0.0/8 "this network"
            || b[0] == 10                                               // 10/8 private
            || (b[0] == 100 && (b[1] & 0xC0) == 64)                     // 100.64/10 shared address space
            || b[0] == 127                                              // 127/8 loopback
            || (b[0] == 169 && b[1] == 254)                             // 169.254/16 link-local (cloud metadata)
            || (b[0] == 172 && (b[1] & 0xF0) == 16)                     // 172.16/12 private
            || (b[0] == 192 && b[1] == 0 && b[2] == 0)                  // 192.0.0/24 protocol assignments
            || (b[0] == 192 && b[1] == 0 && b[2] == 2)                  // 192.0.2/24 documentation (TEST-NET-1)
            || (b[0] == 192 && b[1] == 88 && b[2] == 99)                // 192.88.99/24 deprecated 6to4 relay anycast
            || (b[0] == 192 && b[1] == 168)                             // 192.168/16 private
            || (b[0] == 198 && (b[1] & 0xFE) == 18)                     // 198.18/15 benchmarking
            || (b[0] == 198 && b[1] == 51 && b[2] == 100)               // 198.51.100/24 documentation (TEST-NET-2)
            || (b[0] == 203 && b[1] == 0 && b[2] == 113)                // 203.0.113/24 documentation (TEST-NET-3)
            || b[0] >= 224);                                            // 224/4 multicast, 240/4 reserved, broadcast
    }

    private static bool IsPublicIPv6(IPAddress address)
    {
        Span<byte> b = stackalloc byte[16];
        address.TryWriteBytes(b, out _);
        var embedded = EmbeddedIPv4(b);
        if (embedded is not null && !IsPublicIPv4(embedded))
        {
            return false;
        }

        // IPv4-mapped (::ffff:0:0/96) and NAT64 (64:ff9b::/96) stand for the IPv4 address they carry.
        if (IsPrefix(b, [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF], 96) || IsPrefix(b, [0x00, 0x64, 0xFF, 0x9B, 0, 0, 0, 0, 0, 0, 0, 0], 96))
        {
            return true;
        }

        // Every other global unicast address is in 2000::/3; everything outside it (loopback,
        // unspecified, IPv4-compatible and -translated, 64:ff9b:1::/48, 100::/64, 5f00::/16,
        // fc00::/7, fe80::/10, fec0::/10, ff00::/8, …) is not.
        if ((b[0] & 0xE0) != 0x20)
        {
            return false;
        }

        return !(IsPrefix(b, [0x20, 0x01, 0x00], 23)                   // 2001::/23 IETF protocol assignments (Teredo 2001::/32 included)
            || IsPrefix(b, [0x20, 0x01, 0x0D, 0xB8], 32)                // 2001:db8::/32 documentation
            || IsPrefix(b, [0x20, 0x02], 16)                            // 2002::/16 6to4
            || IsPrefix(b, [0x3F, 0xFF, 0x00], 20));                    // 3fff::/20 documentation
    }

    /// <summary>The IPv4 address an IPv6 address carries, by the forms that carry one; null when it carries none.</summary>
    private static IPAddress? EmbeddedIPv4(ReadOnlySpan<byte> b)
    {
        ReadOnlySpan<byte> zeros = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
        if (b[..10].SequenceEqual(zeros) && ((b[10] == 0xFF && b[11] == 0xFF) || (b[10] == 0 && b[11] == 0 && !b[12..].SequenceEqual((ReadOnlySpan<byte>)[0, 0, 0, 0]) && !b[12..].SequenceEqual((ReadOnlySpan<byte>)[0, 0, 0, 1]))))
        {
            return new IPAddress(b[12..]);                              // ::ffff:a.b.c.d mapped, ::a.b.c.d compatible
        }

        if (b[..8].SequenceEqual(zeros[..8]) && b[8] == 0xFF && b[9] == 0xFF && b[10] == 0 && b[11] == 0)
        {
            return new IPAddress(b[12..]);                              // ::ffff:0:a.b.c.d translated
        }

        if (b[0] == 0x00 && b[1] == 0x64 && b[2] == 0xFF && b[3] == 0x9B)
        {
            return new IPAddress(b[12..]);                              // 64:ff9b::/96 and 64:ff9b:1::/48 NAT64
        }

        if (b[0] == 0x20 && b[1] == 0x02)
        {
            return new IPAddress(b[2..6]);                              // 2002:a.b.c.d::/48 6to4
        }

        if (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0 && b[3] == 0)
        {
            Span<byte> client = stackalloc byte[4];                     // 2001::/32 Teredo: the client's address, inverted
            for (var i = 0; i < 4; i++)
            {
                client[i] = (byte)~b[12 + i];
            }

            return new IPAddress(client);
        }

        return null;
    }

    private static bool IsPrefix(ReadOnlySpan<byte> address, ReadOnlySpan<byte> prefix, int bits)
    {
        for (var bit = 0; bit < bits; bit += 8)
        {
            var mask = bits - bit >= 8 ? 0xFF : (byte)(0xFF << (8 - (bits - bit)));
            if ((address[bit / 8] & mask) != (prefix[bit / 8] & mask))
            {
                return false;
            }
        }

        return true;
    }
}
