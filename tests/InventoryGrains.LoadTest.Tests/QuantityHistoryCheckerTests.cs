using InventoryGrains.Domain.Items;
using InventoryGrains.LoadTest.Checking;

namespace InventoryGrains.LoadTest.Tests;

public sealed class QuantityHistoryCheckerTests
{
    private static readonly Dictionary<QuantityName, long> Initial = new() { [QuantityName.Available] = 10, [QuantityName.Incoming] = 5 };

    private static RecordedQuantityLine Line(long revision, QuantityStep[] steps, params (QuantityName Name, long After)[] reported) =>
        new("a", revision, steps, reported.ToDictionary(r => r.Name, r => r.After));

    private static QuantityStep Add(QuantityName name, long amount, long? changeFrom = null) => new(name, false, amount, changeFrom);

    // Receive 3 (incoming → available), damage 2 from available, set available to 20.
    private static readonly RecordedQuantityLine[] History =
    [
        Line(3, [Add(QuantityName.Incoming, -3, 5), Add(QuantityName.Available, 3)], (QuantityName.Incoming, 2), (QuantityName.Available, 13)),
        Line(4, [Add(QuantityName.Available, -2, 13), Add(QuantityName.Damaged, 2, 0)], (QuantityName.Available, 11), (QuantityName.Damaged, 2)),
        Line(5, [new QuantityStep(QuantityName.Available, true, 20, 11)], (QuantityName.Available, 20)),
    ];

    private static (long, IReadOnlyDictionary<QuantityName, long>) Stored(long revision, long available, long damaged = 2, long incoming = 2) =>
        (revision, new Dictionary<QuantityName, long> { [QuantityName.Available] = available, [QuantityName.Damaged] = damaged, [QuantityName.Incoming] = incoming });

    [Fact]
    public void One_sequential_history_of_named_quantities_passes()
    {
        Assert.Empty(QuantityHistoryChecker.Check("a", 2, Initial, History, Stored(5, 20)));
    }

    [Fact]
    public void A_gap_a_broken_change_from_a_negative_state_a_wrong_report_and_a_wrong_store_are_each_named()
    {
        Assert.Contains("not 3…4 (found 5", QuantityHistoryChecker.Check("a", 2, Initial, [History[0], History[2]], Stored(4, 20)).Single(), StringComparison.Ordinal);
        Assert.Contains(QuantityHistoryChecker.Check("a", 2, Initial, [Line(3, [Add(QuantityName.Available, 1, 9)], (QuantityName.Available, 11))], Stored(3, 11, 0, 5)),
            problem => problem.Contains("changeFromQuantity 9", StringComparison.Ordinal));
        Assert.Contains(QuantityHistoryChecker.Check("a", 2, Initial, [Line(3, [Add(QuantityName.Damaged, -1)], (QuantityName.Damaged, -1))], Stored(3, 10, -1, 5)),
            problem => problem.Contains("Damaged below zero", StringComparison.Ordinal));
        Assert.Contains("reported Available 12", QuantityHistoryChecker.Check("a", 2, Initial, [Line(3, [Add(QuantityName.Available, 1)], (QuantityName.Available, 12))], Stored(3, 11, 0, 5)).Single(), StringComparison.Ordinal);
        Assert.Contains("stored Damaged 3", QuantityHistoryChecker.Check("a", 2, Initial, History, Stored(5, 20, damaged: 3)).Single(), StringComparison.Ordinal);
        Assert.Contains("stored revision 6", QuantityHistoryChecker.Check("a", 2, Initial, History, Stored(6, 20)).Single(), StringComparison.Ordinal);
    }
}
