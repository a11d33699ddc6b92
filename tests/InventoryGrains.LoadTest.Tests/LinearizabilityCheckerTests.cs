using InventoryGrains.LoadTest.Checking;

namespace InventoryGrains.LoadTest.Tests;

public sealed class LinearizabilityCheckerTests
{
    private static RecordedCall Ok(CallKind kind, int amount, long revision, int quantity) => new("a", kind, amount, true, revision, quantity, null);

    private static readonly RecordedCall[] History =
    [
        Ok(CallKind.Decrement, 3, 2, 7),
        Ok(CallKind.Set, 20, 3, 20),
        new("a", CallKind.Decrement, 50, false, null, null, "INSUFFICIENT_INVENTORY"),
        Ok(CallKind.Increment, 2, 4, 22),
    ];

    [Fact]
    public void One_sequential_history_passes()
    {
        Assert.Empty(LinearizabilityChecker.Check("a", 1, 10, History, (4, 22), restricted: true));
    }

    [Fact]
    public void A_gap_a_repeat_a_wrong_report_an_oversell_and_a_wrong_store_are_each_named()
    {
        Assert.Contains("not 2…3 (found 4", LinearizabilityChecker.Check("a", 1, 10, [.. History[..1], .. History[3..]], (3, 9), true).Single(), StringComparison.Ordinal);
        Assert.NotEmpty(LinearizabilityChecker.Check("a", 1, 10, [.. History, Ok(CallKind.Increment, 1, 4, 23)], (5, 23), true));
        Assert.Contains("reported quantity 8", LinearizabilityChecker.Check("a", 1, 10, [Ok(CallKind.Decrement, 3, 2, 8)], (2, 8), true)[0], StringComparison.Ordinal);
        Assert.Contains(LinearizabilityChecker.Check("a", 1, 2, [Ok(CallKind.Decrement, 3, 2, -1)], (2, -1), true), p => p.Contains("oversold", StringComparison.Ordinal));
        Assert.Contains("stored revision 4 quantity 21", LinearizabilityChecker.Check("a", 1, 10, History, (4, 21), true).Single(), StringComparison.Ordinal);
    }
}
