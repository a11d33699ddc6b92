using InventoryGrains.Domain.Items;

namespace InventoryGrains.Abstractions.Inventory.Queries;

public enum SortDirection
{
    Ascending,
    Descending,
}

[GenerateSerializer, Immutable]
public sealed record ItemSort([property: Id(0)] ItemField Field, [property: Id(1)] SortDirection Direction);

/// <summary>
/// Where a page ended: the last item's value of each sort key (null where it lacks the field) and
/// its id. The next page starts strictly after it.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record ItemPosition([property: Id(0)] IReadOnlyList<ItemValue?> Keys, [property: Id(1)] string Id);

/// <summary>
/// One page of a tenant's items: those <see cref="Filter"/> selects (all without one), in the
/// order of <see cref="Sort"/> (<see cref="DefaultSort"/> when empty) with the item id breaking
/// ties in the direction of the last key, at most <see cref="Limit"/> of them, after
/// <see cref="After"/> when given.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record ItemQuery(
    [property: Id(0)] ItemFilter? Filter,
    [property: Id(1)] IReadOnlyList<ItemSort> Sort,
    [property: Id(2)] int Limit,
    [property: Id(3)] ItemPosition? After = null)
{
    /// <summary>
    /// Newest first: creation time never changes, so a walk in this order sees every item that
    /// exists throughout it exactly once, whatever changes meanwhile (an index serves it).
    /// </summary>
    public static IReadOnlyList<ItemSort> DefaultSort { get; } = [new(ItemField.CreatedDate, SortDirection.Descending)];

    /// <summary>The order the page is in: <see cref="Sort"/>, or <see cref="DefaultSort"/> when empty.</summary>
    public IReadOnlyList<ItemSort> EffectiveSort => Sort.Count == 0 ? DefaultSort : Sort;
}

/// <param name="Next">Where the next page starts; null when no item follows this page.</param>
[GenerateSerializer, Immutable]
public sealed record ItemPage([property: Id(0)] IReadOnlyList<InventoryItem> Items, [property: Id(1)] ItemPosition? Next);
