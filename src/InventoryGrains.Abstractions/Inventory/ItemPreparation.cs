using InventoryGrains.Domain.Items;

namespace InventoryGrains.Abstractions.Inventory;

/// <summary>
/// An item's answer to <see cref="IInventoryItemGrain.PrepareAsync"/>: the outcome the change would
/// have, and, when it would apply, the write that stores it. While a write is prepared the item
/// holds: it applies nothing else until it is told how the write ended, or gives up waiting.
/// </summary>
/// <param name="Outcome">Rejected, or applied before (a replay): nothing is held. Applied: see <paramref name="Write"/>.</param>
/// <param name="Write">The prepared write, when the item holds for it.</param>
[GenerateSerializer, Immutable]
public sealed record ItemPreparation(
    [property: Id(0)] ItemOutcome Outcome,
    [property: Id(1)] PreparedWrite? Write);

/// <summary>What an item would store: its state after the change, the version it replaces, and the change's ledger entries.</summary>
/// <remarks>
/// Passed by reference within a silo, not copied: the item does not touch the state it prepared
/// until it is told how the write ended, and the coordinator only reads it (to store it).
/// </remarks>
[GenerateSerializer, Immutable]
public sealed record PreparedWrite(
    [property: Id(0)] long? ExpectedVersion,
    [property: Id(1)] InventoryItemState State,
    [property: Id(2)] IReadOnlyList<ChangeLogEntry> Changes);

/// <summary>How a prepared write ended, as its coordinator tells the item.</summary>
public enum PreparedWriteEnd
{
    /// <summary>Stored with the rest of its group, at the version given.</summary>
    Stored,

    /// <summary>Not stored, and it never will be.</summary>
    Abandoned,

    /// <summary>Stored or not, no one knows: the item reads itself back from the store.</summary>
    Unknown,
}

/// <summary>
/// What became of a write of several items, all or nothing: applied on every item, rejected (the
/// items that refused, and why; nothing was applied), or unknown (all or nothing was applied).
/// </summary>
[GenerateSerializer]
public abstract record GroupOutcome
{
    public TResult Match<TResult>(Func<GroupApplied, TResult> applied, Func<GroupRejected, TResult> rejected, Func<GroupUnknown, TResult> unknown)
    {
        ArgumentNullException.ThrowIfNull(applied);
        ArgumentNullException.ThrowIfNull(rejected);
        ArgumentNullException.ThrowIfNull(unknown);
        return this switch
        {
            GroupApplied outcome => applied(outcome),
            GroupRejected outcome => rejected(outcome),
            GroupUnknown outcome => unknown(outcome),
            _ => throw new System.Diagnostics.UnreachableException($"A group outcome is applied, rejected or unknown, not {GetType().Name}."),
        };
    }
}

/// <summary>Every item's change is stored (now, or before under the same operation id).</summary>
[GenerateSerializer, Immutable]
public sealed record GroupApplied([property: Id(0)] IReadOnlyList<ItemApplied> Items) : GroupOutcome;

/// <summary>Nothing was applied: these items refused their change.</summary>
[GenerateSerializer, Immutable]
public sealed record GroupRejected([property: Id(0)] IReadOnlyList<ItemRejected> Items) : GroupOutcome;

/// <summary>Either every change or none was stored; which is not known. Repeat with the same operation id.</summary>
[GenerateSerializer, Immutable]
public sealed record GroupUnknown([property: Id(0)] string Description) : GroupOutcome;
