using InventoryGrains.LoadTest.Checking;

namespace InventoryGrains.LoadTest.Tests;

public sealed class RealTimeOrderCheckerTests
{
    // a answered at 10, b sent at 11 (after a), c concurrent with both.
    private static readonly AcknowledgedCall[] Calls = [new("a", 0, 10), new("b", 11, 20), new("c", 5, 15)];

    [Fact]
    public void A_history_in_real_time_order_with_concurrent_calls_in_either_order_passes()
    {
        Assert.Empty(RealTimeOrderChecker.Check("i", Calls, [("a", 2), ("c", 3), ("b", 4)]));
        Assert.Empty(RealTimeOrderChecker.Check("i", Calls, [("c", 2), ("a", 3), ("b", 4)]));
    }

    [Fact]
    public void A_reordered_a_missing_a_doubled_and_an_unacknowledged_change_are_each_named()
    {
        Assert.Contains("b (revision 2) was sent after a (revision 3)", RealTimeOrderChecker.Check("i", Calls, [("b", 2), ("a", 3), ("c", 4)]).Single(), StringComparison.Ordinal);
        Assert.Contains("c was acknowledged but is not stored", RealTimeOrderChecker.Check("i", Calls, [("a", 2), ("b", 3)]).Single(), StringComparison.Ordinal);
        Assert.Contains(RealTimeOrderChecker.Check("i", Calls, [("a", 2), ("c", 3), ("b", 4), ("a", 5)]), p => p.Contains("a is stored twice", StringComparison.Ordinal));
        Assert.Contains("x is stored but was not acknowledged", RealTimeOrderChecker.Check("i", Calls, [("a", 2), ("c", 3), ("b", 4), ("x", 5)]).Single(), StringComparison.Ordinal);
    }
}
