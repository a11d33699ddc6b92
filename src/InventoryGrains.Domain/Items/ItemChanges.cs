namespace InventoryGrains.Domain.Items;

[GenerateSerializer, Immutable]
public sealed record InventoryError(
    [property: Id(0)] InventoryErrorCode Code,
    [property: Id(1)] string Description,
    [property: Id(2)] long? CurrentRevision = null);

/// <summary>
/// The outcome of one command on one item: after success the item's revision (and the item, when
/// asked for), the error otherwise.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record InventoryResult(
    [property: Id(0)] string ItemId,
    [property: Id(1)] InventoryItem? Item,
    [property: Id(2)] InventoryError? Error)
{
    /// <summary>After success, the revision the change produced.</summary>
    [Id(3)] public long? Revision { get; init; }

    /// <summary>
    /// The change had been applied before, under the same operation id: this is its earlier
    /// outcome, and nothing was applied now.
    /// </summary>
    [Id(4)] public bool Replayed { get; init; }

    public bool Success => Error is null;

    public static InventoryResult Ok(InventoryItem item) => new(item.Id, item, null) { Revision = item.Revision };

    /// <summary>A success reported without the item.</summary>
    public static InventoryResult Applied(string itemId, long revision) => new(itemId, null, null) { Revision = revision };

    public static InventoryResult Fail(string itemId, InventoryErrorCode code, string description, long? currentRevision = null) =>
        new(itemId, null, new InventoryError(code, description, currentRevision));
}

/// <summary>One entry of an item's change log (its ledger): the change that made <see cref="Revision"/>.</summary>
/// <param name="OperationId">The idempotent operation the change belongs to, when the request named one.</param>
[GenerateSerializer, Immutable]
public sealed record ChangeLogEntry(
    [property: Id(0)] long Revision,
    [property: Id(1)] ChangeReason Reason,
    [property: Id(2)] string Dialect,
    [property: Id(3)] DateTimeOffset Timestamp,
    [property: Id(4)] IReadOnlyList<FieldChange> Changes,
    [property: Id(5)] string? OperationId = null);

/// <summary>One field a change altered, named as in the Wix item (<c>quantity</c>, <c>preorderInfo.enabled</c>, …).</summary>
/// <param name="Before">The value before, as JSON text (<c>5</c>, <c>true</c>, <c>"abc"</c>, <c>null</c>).</param>
/// <param name="After">The value after, as JSON text.</param>
[GenerateSerializer, Immutable]
public sealed record FieldChange(
    [property: Id(0)] string Field,
    [property: Id(1)] string Before,
    [property: Id(2)] string After);
