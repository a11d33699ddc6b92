using System.Diagnostics;

namespace InventoryGrains.Domain.Items;

/// <summary>
/// What became of one command on one item: <see cref="ItemApplied"/> or <see cref="ItemRejected"/>,
/// nothing else. Callers take it apart with <see cref="Match{TResult}"/>, which names both.
/// </summary>
[GenerateSerializer, Immutable]
public abstract record ItemOutcome([property: Id(0)] string ItemId)
{
    public TResult Match<TResult>(Func<ItemApplied, TResult> applied, Func<ItemRejected, TResult> rejected)
    {
        ArgumentNullException.ThrowIfNull(applied);
        ArgumentNullException.ThrowIfNull(rejected);
        return this switch
        {
            ItemApplied outcome => applied(outcome),
            ItemRejected outcome => rejected(outcome),
            _ => throw new UnreachableException($"An item outcome is applied or rejected, not {GetType().Name}."),
        };
    }

    public static ItemRejected Rejected(string itemId, InventoryErrorCode code, string description, long? currentRevision = null) =>
        new(itemId, new InventoryError(code, description, currentRevision));
}

/// <summary>The change is stored (now, or before under the same operation id).</summary>
/// <param name="Revision">The revision the change made.</param>
/// <param name="Item">
/// The item as it is now, when the caller asked for it (<see cref="ChangeContext.ReturnItem"/>) and
/// the item exists; after a replay, later changes included. Null otherwise.
/// </param>
/// <param name="Replayed">
/// The change had been applied before under the same operation id (its answer was lost on the way):
/// nothing was applied now, and <paramref name="Revision"/> is the one it made then.
/// </param>
[GenerateSerializer, Immutable]
public sealed record ItemApplied(
    string ItemId,
    [property: Id(0)] long Revision,
    [property: Id(1)] InventoryItem? Item,
    [property: Id(2)] bool Replayed = false) : ItemOutcome(ItemId)
{
    /// <summary>For quantity lines: each quantity each line changed, in line order (empty for other commands, and for a replay).</summary>
    [Id(3)] public IReadOnlyList<QuantityChanged> Quantities { get; init; } = [];
}

/// <summary>Nothing was applied (or, for <see cref="InventoryErrorCode.Unavailable"/>, it is not known whether it was).</summary>
[GenerateSerializer, Immutable]
public sealed record ItemRejected(
    string ItemId,
    [property: Id(0)] InventoryError Error) : ItemOutcome(ItemId)
{
    public InventoryErrorCode Code => Error.Code;

    /// <summary>For quantity lines: every line that could not be applied (then none was).</summary>
    [Id(1)] public IReadOnlyList<LineRejection> Lines { get; init; } = [];
}

/// <summary>Why a command was not applied.</summary>
/// <param name="CurrentRevision">The item's revision, for a <see cref="InventoryErrorCode.RevisionMismatch"/>.</param>
[GenerateSerializer, Immutable]
public sealed record InventoryError(
    [property: Id(0)] InventoryErrorCode Code,
    [property: Id(1)] string Description,
    [property: Id(2)] long? CurrentRevision = null)
{
    /// <summary>The quantity as it is, where the refusal is about one (a hold beyond what is available).</summary>
    [Id(3)] public long? Current { get; init; }
}
