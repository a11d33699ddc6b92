using InventoryGrains.Domain.Items;

namespace InventoryGrains.Testing;

/// <summary>Takes an item's outcome apart in a test, failing with what it was instead when it is not what the test expects.</summary>
public static class ItemOutcomes
{
    public static ItemApplied Applied(this ItemOutcome outcome) => outcome.Match(
        applied => applied,
        rejected => throw new InvalidOperationException($"Expected the change to be applied; it was rejected: {rejected.Code.ContractName()}: {rejected.Error.Description}"));

    public static ItemRejected Rejected(this ItemOutcome outcome) => outcome.Match(
        applied => throw new InvalidOperationException($"Expected the change to be rejected; it was applied at revision {applied.Revision}."),
        rejected => rejected);

    /// <summary>The item an applied change answered with.</summary>
    public static InventoryItem AppliedItem(this ItemOutcome outcome) =>
        outcome.Applied().Item ?? throw new InvalidOperationException("The change was applied without the item.");
}
