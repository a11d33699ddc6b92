using InventoryGrains.Domain.Identifiers;
using InventoryGrains.Domain.Reservations;

namespace InventoryGrains.Domain.Items;

/// <summary>A change to one inventory item. The item grain checks and applies it.</summary>
[GenerateSerializer]
public abstract record InventoryCommand;

/// <summary>Creates the item. Absent fields take the contract's defaults.</summary>
[GenerateSerializer, Immutable]
public sealed record CreateInventoryItem : InventoryCommand
{
    [Id(0)] public string? VariantId { get; init; }
    [Id(1)] public string? ProductId { get; init; }
    [Id(2)] public string? LocationId { get; init; }
    [Id(3)] public int? Quantity { get; init; }
    [Id(4)] public bool? InStock { get; init; }
    [Id(5)] public ProductType? ProductType { get; init; }
    [Id(6)] public bool? Subscription { get; init; }
    [Id(7)] public PreorderPatch? Preorder { get; init; }
    [Id(8)] public int? QuantityOnBackorder { get; init; }
    [Id(9)] public InventoryRestriction? Restriction { get; init; }

    /// <summary>The identifiers the item is registered under (as written); fixed at creation.</summary>
    [Id(10)] public IReadOnlyList<ItemIdentifier> Identifiers { get; init; } = [];

    /// <summary>The effective time of the record that created the item, for later time-ordered syncs.</summary>
    [Id(11)] public DateTimeOffset? EffectiveAt { get; init; }
}

/// <summary>
/// An update: present fields change, absent (null) fields stay. The variant and location of an
/// item are fixed at creation (an item is unique per variant and location): an update may repeat
/// them, not change them.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record UpdateInventoryItem : InventoryCommand
{
    /// <summary>The revision the caller last saw; null for an update applied at any revision (an upsert's).</summary>
    [Id(0)] public required long? ExpectedRevision { get; init; }
    [Id(1)] public int? Quantity { get; init; }
    [Id(2)] public bool? InStock { get; init; }
    [Id(3)] public string? VariantId { get; init; }
    [Id(4)] public string? ProductId { get; init; }
    [Id(5)] public string? LocationId { get; init; }
    [Id(6)] public PreorderPatch? Preorder { get; init; }

    /// <summary>It names no field to change (the variant and location only repeat the item's identity).</summary>
    public bool SetsNothing => Quantity is null && InStock is null && ProductId is null && (Preorder is null || Preorder.IsEmpty);
}

[GenerateSerializer, Immutable]
public sealed record PreorderPatch(
    [property: Id(0)] bool? Enabled,
    [property: Id(1)] string? Message,
    [property: Id(2)] int? Limit)
{
    /// <summary>It sets no field.</summary>
    public bool IsEmpty => Enabled is null && Message is null && Limit is null;
}

/// <summary>Takes stock for an order, or counts a preorder.</summary>
[GenerateSerializer, Immutable]
public sealed record DecrementInventory(
    [property: Id(0)] int DecrementBy,
    [property: Id(1)] bool PreorderRequest,
    [property: Id(2)] bool RestrictInventory) : InventoryCommand;

/// <summary>
/// An unconditional stock sync from an external system: present fields are set (the quantity
/// under the same rules as any set). With <see cref="EffectiveAt"/>, only a record newer than the
/// last one applied changes anything; with <see cref="ExpectedProductId"/>, the item must belong
/// to that product.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record SyncInventory : InventoryCommand
{
    [Id(0)] public int? Quantity { get; init; }
    [Id(1)] public int? QuantityOnBackorder { get; init; }

    /// <summary>Whether <see cref="Restriction"/> is to be set (null then clears it).</summary>
    [Id(2)] public bool SetRestriction { get; init; }
    [Id(3)] public InventoryRestriction? Restriction { get; init; }
    [Id(4)] public DateTimeOffset? EffectiveAt { get; init; }
    [Id(5)] public string? ExpectedProductId { get; init; }
}

/// <summary>
/// Deletes the item: with <see cref="ExpectedRevision"/>, only while the item is at that revision.
/// The deletion is the item's last change (its revision and ledger entry); its id is not reused.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record DeleteInventoryItem([property: Id(0)] long? ExpectedRevision = null) : InventoryCommand;

/// <summary>
/// Adds <see cref="Delta"/> to a tracked item's quantity (a negative delta never takes it below zero,
/// nor lowers a stock that is negative already). An untracked item is refused, or, with
/// <see cref="TrackUntracked"/>, becomes tracked with the delta's amount as its quantity.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record AdjustInventory(
    [property: Id(0)] int Delta,
    [property: Id(1)] bool TrackUntracked) : InventoryCommand;

[GenerateSerializer, Immutable]
public sealed record IncrementInventory([property: Id(0)] int IncrementBy) : InventoryCommand;

/// <summary>
/// Lines of a quantity operation (SPEC §15) that name one item, applied together: every line or
/// none. Each applied line is one change of the item (one revision, one ledger entry).
/// </summary>
/// <param name="Reference">The caller's <c>referenceDocumentUri</c>, recorded with each change.</param>
[GenerateSerializer, Immutable]
public sealed record ChangeQuantities(
    [property: Id(0)] IReadOnlyList<QuantityLine> Lines,
    [property: Id(1)] string? Reference) : InventoryCommand;

/// <summary>One line of a quantity operation, at its index in the request.</summary>
[GenerateSerializer]
public abstract record QuantityLine([property: Id(0)] int Index);

/// <summary>Sets <see cref="Name"/> (available or onHand; onHand moves available by the difference).</summary>
/// <param name="ChangeFrom">The value the caller believes the quantity has now; null: no check.</param>
[GenerateSerializer, Immutable]
public sealed record SetQuantityLine(
    int Index,
    [property: Id(0)] QuantityName Name,
    [property: Id(1)] int Quantity,
    [property: Id(2)] int? ChangeFrom) : QuantityLine(Index);

/// <summary>Adds <see cref="Delta"/> to <see cref="Name"/>.</summary>
[GenerateSerializer, Immutable]
public sealed record AdjustQuantityLine(
    int Index,
    [property: Id(0)] QuantityName Name,
    [property: Id(1)] int Delta,
    [property: Id(2)] int? ChangeFrom) : QuantityLine(Index);

/// <summary>Moves <see cref="Quantity"/> from one state to another (<c>incoming → available</c> is receiving).</summary>
[GenerateSerializer, Immutable]
public sealed record MoveQuantityLine(
    int Index,
    [property: Id(0)] int Quantity,
    [property: Id(1)] QuantityName From,
    [property: Id(2)] int? FromChangeFrom,
    [property: Id(3)] QuantityName To,
    [property: Id(4)] int? ToChangeFrom) : QuantityLine(Index);

/// <summary>Who asked for a change and why (recorded with it), and what the caller wants back.</summary>
[GenerateSerializer, Immutable]
public sealed record ChangeContext(
    [property: Id(0)] ChangeReason Reason,
    [property: Id(1)] string Dialect)
{
    /// <summary>Whether a success carries the whole item; without, it carries the item's id and revision only.</summary>
    [Id(2)] public bool ReturnItem { get; init; } = true;

    /// <summary>The idempotent operation this change belongs to (recorded in the ledger), when the request named one.</summary>
    [Id(3)] public string? OperationId { get; init; }
}

/// <summary>
/// A reservation's step on this item: its lines' quantities (summed over the lines naming the item)
/// move between available, reserved and committed. Only reservations send it.
/// </summary>
/// <param name="ReservationId">Recorded as the change's reference.</param>
/// <param name="Record">
/// For a reservation of this item alone: the reservation as the step leaves it, which the item
/// stores with its change in one commit (so a hot item takes many reservations' steps in one
/// batch). Null when the reservation stores the step itself, with its other items' (all or nothing).
/// </param>
[GenerateSerializer, Immutable]
public sealed record ApplyReservation(
    [property: Id(0)] string ReservationId,
    [property: Id(1)] ReservationStep Step,
    [property: Id(2)] int Quantity,
    [property: Id(3)] ReservationRecord? Record = null) : InventoryCommand;

/// <summary>What a reservation's transition does to each of its items' quantities.</summary>
public enum ReservationStep
{
    /// <summary>available → reserved; refused when available is below the quantity.</summary>
    Hold,

    /// <summary>reserved → available.</summary>
    Release,

    /// <summary>reserved → available, at the reservation's expiry.</summary>
    Expire,

    /// <summary>reserved → committed.</summary>
    Confirm,

    /// <summary>committed leaves (the stock is shipped).</summary>
    Fulfil,

    /// <summary>committed → available.</summary>
    Cancel,
}
