using InventoryGrains.Abstractions.Inventory.Queries;
using InventoryGrains.Domain.Items;

namespace InventoryGrains.Storage.Items;

/// <summary>
/// Reads a tenant's stored items by filter and order, a page at a time (keyset paging: a page
/// starts after the last item of the previous one, never at an offset). Every implementation gives
/// the same answer for the same stored items: filters, order (a missing value after every present
/// one, text by code point, ties by item id in the direction of the last key), pages, counts and
/// aggregations are tested against all of them (<c>ItemQueryStoreContract</c>).
/// </summary>
/// <remarks>
/// What a walk sees while items change: every item that exists and matches throughout the walk and
/// whose sort keys do not change appears exactly once, in order. An item whose sort key changes
/// between pages may appear twice or not at all; an item created, deleted or changed to (not) match
/// meanwhile may or may not appear. The default order's keys (creation time, id) never change, so
/// under it every item that exists and matches throughout appears exactly once.
/// </remarks>
public interface IItemQueryStore
{
    /// <exception cref="ArgumentException">The query is not well formed (<see cref="ItemQueryRules.Check"/>).</exception>
    Task<ItemPage> QueryAsync(string tenant, ItemQuery query, CancellationToken cancellationToken = default);

    Task<long> CountAsync(string tenant, ItemFilter? filter, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<AggregationResult>> AggregateAsync(
        string tenant, ItemFilter? filter, IReadOnlyList<ItemAggregation> aggregations, CancellationToken cancellationToken = default);
}

/// <summary>
/// The query store where items are kept where they cannot be queried (Orleans' ADO.NET storage
/// keeps one opaque blob per grain): every call fails, saying so, rather than answering nothing.
/// </summary>
public sealed class UnsupportedItemQueryStore : IItemQueryStore
{
    public const string Message = "Item queries need the item store (Inventory:Storage:Items:Provider=ItemStore); the configured storage keeps items where they cannot be queried.";

    public Task<ItemPage> QueryAsync(string tenant, ItemQuery query, CancellationToken cancellationToken = default) =>
        Task.FromException<ItemPage>(new NotSupportedException(Message));

    public Task<long> CountAsync(string tenant, ItemFilter? filter, CancellationToken cancellationToken = default) =>
        Task.FromException<long>(new NotSupportedException(Message));

    public Task<IReadOnlyList<AggregationResult>> AggregateAsync(
        string tenant, ItemFilter? filter, IReadOnlyList<ItemAggregation> aggregations, CancellationToken cancellationToken = default) =>
        Task.FromException<IReadOnlyList<AggregationResult>>(new NotSupportedException(Message));
}

/// <summary>Checks shared by the stores: a query they are given must be well formed.</summary>
public static class ItemQueryArguments
{
    public static void Check(string tenant, ItemQuery query)
    {
        ArgumentException.ThrowIfNullOrEmpty(tenant);
        ArgumentNullException.ThrowIfNull(query);
        if (ItemQueryRules.Check(query) is { } problem)
        {
            throw new ArgumentException(problem, nameof(query));
        }
    }

    public static void Check(string tenant, ItemFilter? filter)
    {
        ArgumentException.ThrowIfNullOrEmpty(tenant);
        if (filter is not null && ItemQueryRules.CheckFilter(filter) is { } problem)
        {
            throw new ArgumentException(problem, nameof(filter));
        }
    }

    public static void Check(string tenant, ItemFilter? filter, IReadOnlyList<ItemAggregation> aggregations)
    {
        Check(tenant, filter);
        ArgumentNullException.ThrowIfNull(aggregations);
        if (ItemQueryRules.CheckAggregations(aggregations) is { } problem)
        {
            throw new ArgumentException(problem, nameof(aggregations));
        }
    }

    /// <summary>The position of <paramref name="item"/> in <paramref name="sort"/>: where a page that ends with it ends.</summary>
    public static ItemPosition PositionOf(Domain.Items.InventoryItem item, IReadOnlyList<ItemSort> sort)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(sort);
        return new ItemPosition([.. sort.Select(key => ItemFields.ValueOf(item, key.Field))], item.Id);
    }
}
