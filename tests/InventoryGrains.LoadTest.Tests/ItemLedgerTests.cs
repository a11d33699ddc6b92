using InventoryGrains.LoadTest.Scenarios;

namespace InventoryGrains.LoadTest.Tests;

public sealed class ItemLedgerTests
{
    private static ItemLedger Ledger()
    {
        var ledger = new ItemLedger(["a", "b"], initialQuantity: 10);
        ledger.Acknowledged(0, 2, decrement: true);
        ledger.Acknowledged(0, 3, decrement: true);
        return ledger;
    }

    [Fact]
    public void A_service_that_holds_every_acknowledged_change_is_verified()
    {
        var verification = Ledger().Verify([(3L, 8), (1L, 10)], checkStock: true);

        Assert.True(verification.Verified);
        Assert.Equal(2, verification.AcknowledgedChanges);
    }

    [Theory]
    [InlineData(2L, 8, "revision 2")]
    [InlineData(4L, 8, "revision 4")]
    [InlineData(3L, 9, "stock 9")]
    public void A_lost_a_duplicated_or_a_wrong_change_is_named(long revision, int stock, string reason)
    {
        var verification = Ledger().Verify([(revision, stock), (1L, 10)], checkStock: true);

        Assert.False(verification.Verified);
        Assert.Contains(verification.Disagreements, d => d.StartsWith("a:", StringComparison.Ordinal) && d.Contains(reason, StringComparison.Ordinal));
    }

    [Fact]
    public void Negative_stock_is_oversold_and_a_missing_item_is_named()
    {
        var ledger = new ItemLedger(["a", "b"], initialQuantity: 0);

        var verification = ledger.Verify([(1L, -1), null], checkStock: true);

        Assert.Equal(2, verification.DisagreeingItems);
        Assert.Contains("b: missing", verification.Disagreements);
    }

    [Fact]
    public void An_uncertain_change_widens_the_revision_range()
    {
        var ledger = Ledger();
        ledger.Uncertain(0);

        Assert.True(ledger.Verify([(4L, 7), (1L, 10)], checkStock: true).Verified);
        Assert.False(ledger.Verify([(5L, 7), (1L, 10)], checkStock: true).Verified);
    }

    [Fact]
    public void Exactly_once_leaves_no_change_unknown()
    {
        var ledger = Ledger();
        ledger.Uncertain(0);

        var verification = ledger.Verify([(3L, 8), (1L, 10)], checkStock: true, exactlyOnce: true);

        Assert.False(verification.Verified);
        Assert.Contains(verification.Disagreements, d => d.StartsWith("a: 1 changes still of unknown outcome", StringComparison.Ordinal));
        Assert.True(Ledger().Verify([(3L, 8), (1L, 10)], checkStock: true, exactlyOnce: true).Verified);
    }

    [Fact]
    public void An_acknowledged_revision_that_is_not_new_is_named()
    {
        var ledger = new ItemLedger(["a"], initialQuantity: 0);
        ledger.Acknowledged(0, 2);
        ledger.Acknowledged(0, 2);

        var verification = ledger.Verify([(3L, 0)], checkStock: false);

        Assert.Contains(verification.Disagreements, d => d.Contains("not above", StringComparison.Ordinal));
    }
}
