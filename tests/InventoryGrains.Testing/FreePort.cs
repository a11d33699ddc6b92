using System.Net;
using System.Net.Sockets;

namespace InventoryGrains.Testing;

/// <summary>
/// Ports for servers the tests start. They come from below the kernel's ephemeral range, which
/// outgoing connections take their local ports from: a port the OS handed out as "free" from that
/// range can be taken by some client's connection before the server binds it. Below it, only
/// another listener can take a port; each is handed out once per process, checked free, at random.
/// </summary>
public static class FreePort
{
    private static readonly HashSet<int> Given = [];
    private static readonly (int Low, int High) Range = BelowEphemeral();

    /// <summary>A loopback port that is free now, outside the range outgoing connections use, not given before by this process.</summary>
    public static int Next()
    {
        for (var attempt = 0; attempt < 1000; attempt++)
        {
            var port = Random.Shared.Next(Range.Low, Range.High);
            lock (Given)
            {
                if (Given.Contains(port))
                {
                    continue;
                }
            }

            if (!IsFree(port))
            {
                continue;
            }

            lock (Given)
            {
                if (Given.Add(port))
                {
                    return port;
                }
            }
        }

        throw new InvalidOperationException($"No free port between {Range.Low} and {Range.High} after 1000 tries.");
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>Ports from 20000 up to the start of the ephemeral range (Linux: /proc/sys/net/ipv4/ip_local_port_range).</summary>
    private static (int Low, int High) BelowEphemeral()
    {
        const int Low = 20000;
        try
        {
            var first = File.ReadAllText("/proc/sys/net/ipv4/ip_local_port_range").Split((char[])['\t', ' ', '\n'], StringSplitOptions.RemoveEmptyEntries)[0];
            var start = int.Parse(first, System.Globalization.CultureInfo.InvariantCulture);
            return start > Low + 1000 ? (Low, start) : (10000, Math.Max(11000, start));
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return (Low, 32768);
        }
    }
}
