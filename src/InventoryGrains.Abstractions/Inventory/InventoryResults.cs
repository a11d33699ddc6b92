namespace InventoryGrains.Abstractions.Inventory;

[GenerateSerializer, Immutable]
public sealed record InventoryError(
    [property: Id(0)] InventoryErrorCode Code,
    [property: Id(1)] string Description,
    [property: Id(2)] long? CurrentRevision = null);

/// <summary>The outcome of one command on one item: the item after success, the error otherwise.</summary>
[GenerateSerializer, Immutable]
public sealed record InventoryResult(
    [property: Id(0)] string ItemId,
    [property: Id(1)] InventoryItem? Item,
    [property: Id(2)] InventoryError? Error)
{
    public bool Success => Error is null;

    public static InventoryResult Ok(InventoryItem item) => new(item.Id, item, null);

    public static InventoryResult Fail(string itemId, InventoryErrorCode code, string description, long? currentRevision = null) =>
        new(itemId, null, new InventoryError(code, description, currentRevision));
}

/// <summary>One entry of an item's change log.</summary>
[GenerateSerializer, Immutable]
public sealed record ChangeLogEntry(
    [property: Id(0)] long Revision,
    [property: Id(1)] ChangeReason Reason,
    [property: Id(2)] string Dialect,
    [property: Id(3)] DateTimeOffset Timestamp,
    [property: Id(4)] IReadOnlyList<FieldChange> Changes);

[GenerateSerializer, Immutable]
public sealed record FieldChange(
    [property: Id(0)] string Field,
    [property: Id(1)] string? Before,
    [property: Id(2)] string? After);
