using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace InventoryGrains.Hosting.Networking;

/// <summary>
/// Whether a TCP port is free to listen on. Orleans binds its silo and gateway ports with
/// <c>ReuseAddress</c>, which on Linux also sets SO_REUSEPORT: a second process doing the same
/// would share the port silently and take half the connections. These checks bind without
/// SO_REUSEPORT, which fails whenever anyone else listens on the port.
/// </summary>
public static class PortAvailability
{
    // SOL_SOCKET and SO_REUSEADDR on Linux.
    private const int SocketLevel = 1;
    private const int ReuseAddressOnly = 2;

    private static readonly string[] ListenerTables = ["/proc/net/tcp", "/proc/net/tcp6"];

    /// <summary>True when nothing listens on <paramref name="endpoint"/>.</summary>
    public static bool IsFree(IPEndPoint endpoint)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        using var probe = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        if (OperatingSystem.IsLinux())
        {
            // SO_REUSEADDR alone: sockets of an earlier run still in TIME_WAIT do not count as in use,
            // a listener does. (Socket.SetSocketOption(ReuseAddress) would set SO_REUSEPORT too.)
            probe.SetRawSocketOption(SocketLevel, ReuseAddressOnly, BitConverter.GetBytes(1));
        }
        else
        {
            probe.ExclusiveAddressUse = true;
        }

        try
        {
            probe.Bind(endpoint);
            probe.Listen(1);
            return true;
        }
        catch (SocketException exception) when (exception.SocketErrorCode is SocketError.AddressAlreadyInUse or SocketError.AccessDenied)
        {
            return false;
        }
    }

    /// <summary>
    /// How many sockets listen on <paramref name="endpoint"/>'s port at an overlapping address
    /// (the same one, or a wildcard on either side), from the kernel's tables (Linux), or null
    /// where those tables cannot be read.
    /// </summary>
    public static int? CountListeners(IPEndPoint endpoint)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }

        var port = ":" + endpoint.Port.ToString("X4", CultureInfo.InvariantCulture);
        var address = KernelHex(endpoint.Address);
        var count = 0;
        foreach (var table in ListenerTables.Where(File.Exists))
        {
            foreach (var line in File.ReadLines(table).Skip(1))
            {
                // Columns: sl, local "ADDRESS:PORT" (hex), remote, state (0A = LISTEN), ...
                var columns = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (columns.Length <= 3 || columns[3] != "0A" || !columns[1].EndsWith(port, StringComparison.Ordinal))
                {
                    continue;
                }

                var local = columns[1][..^port.Length];
                if (IsWildcard(local) || IsWildcard(address) || local == address || (local.Length == 32 && local.EndsWith(address, StringComparison.Ordinal)))
                {
                    count++;
                }
            }
        }

        return count;
    }

    private static bool IsWildcard(string hex) => hex.All(c => c == '0');

    // The kernel prints each 32-bit word of an address as a native-endian hex number.
    private static string KernelHex(IPAddress address)
    {
        var bytes = address.GetAddressBytes();
        return string.Concat(Enumerable.Range(0, bytes.Length / 4)
            .Select(word => BitConverter.ToUInt32(bytes, word * 4).ToString("X8", CultureInfo.InvariantCulture)));
    }
}
