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

        return CountListeners(endpoint, ListenerTables.Where(File.Exists).SelectMany(table => File.ReadLines(table).Skip(1)));
    }

    /// <summary>How many sockets of <paramref name="tableLines"/> (lines of the kernel's TCP tables, without their headings) listen on <paramref name="endpoint"/>.</summary>
    public static int CountListeners(IPEndPoint endpoint, IEnumerable<string> tableLines)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentNullException.ThrowIfNull(tableLines);
        var port = ":" + endpoint.Port.ToString("X4", CultureInfo.InvariantCulture);
        var address = KernelHex(endpoint.Address);

        // Counted by inode: the kernel lists its tables in pages, and a socket added or removed
        // between two pages (another listener of this process binding meanwhile) can shift the
        // listing so that one socket is printed twice.
        var sockets = new HashSet<string>(StringComparer.Ordinal);
        foreach (var line in tableLines)
        {
            // Columns: sl, local "ADDRESS:PORT" (hex), remote, state (0A = LISTEN), queues,
            // timer, retransmits, uid, timeout, inode, ...
            var columns = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (columns.Length <= 9 || columns[3] != "0A" || !columns[1].EndsWith(port, StringComparison.Ordinal))
            {
                continue;
            }

            var local = columns[1][..^port.Length];
            if (IsWildcard(local) || IsWildcard(address) || local == address || (local.Length == 32 && local.EndsWith(address, StringComparison.Ordinal)))
            {
                sockets.Add(columns[9]);
            }
        }

        return sockets.Count;
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
