using System.Net;
using InventoryGrains.Hosting.Networking;

namespace InventoryGrains.Silo.Tests;

public sealed class PortAvailabilityTests
{
    // Port 0x9773 = 38771; inodes 1001 and 1002.
    private const string WildcardListener = "   1: 00000000:9773 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1001 1 000000000a839e0c 100 0 0 10 0";
    private const string LoopbackListener = "   2: 0100007F:9773 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1002 1 000000000a839e0d 100 0 0 10 0";
    private const string OtherPort = "   0: 00000000:9821 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1003 1 00000000406f4695 100 0 0 10 0";
    private const string Connected = "   3: 0100007F:9773 0100007F:C350 01 00000000:00000000 00:00000000 00000000     0        0 1004 1 00000000406f4696 20 4 30 10 -1";

    [Fact]
    public void A_socket_the_kernel_lists_twice_is_one_listener()
    {
        // A table read while another listener was added: the same socket (inode) shows up twice.
        Assert.Equal(1, PortAvailability.CountListeners(new IPEndPoint(IPAddress.Any, 38771), [OtherPort, WildcardListener, WildcardListener]));
    }

    [Fact]
    public void Listeners_on_the_port_at_overlapping_addresses_count_and_others_do_not()
    {
        string[] table = [OtherPort, WildcardListener, LoopbackListener, Connected];

        Assert.Equal(2, PortAvailability.CountListeners(new IPEndPoint(IPAddress.Loopback, 38771), table));
        Assert.Equal(2, PortAvailability.CountListeners(new IPEndPoint(IPAddress.Any, 38771), table));
        Assert.Equal(1, PortAvailability.CountListeners(new IPEndPoint(IPAddress.Parse("10.1.2.3"), 38771), table));
        Assert.Equal(0, PortAvailability.CountListeners(new IPEndPoint(IPAddress.Loopback, 38772), table));
    }
}
