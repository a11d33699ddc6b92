using Orleans.Concurrency;
using InventoryGrains.Domain.Items;

namespace InventoryGrains.Abstractions.Inventory.Queries;

/// <summary>
/// Reads a tenant's items by filter, in order, a page at a time, straight from the item store: what
/// the store last committed, not the items' activations (a write in flight is not seen until it is
/// stored). Stateless: any activation on any silo answers. The tenant always comes from the
/// caller's authentication, never from the query.
/// </summary>
public interface IInventoryItemQueryGrain : IGrainWithIntegerKey
{
    /// <exception cref="ArgumentException">The query is not well formed (<see cref="ItemQueryRules.Check"/>).</exception>
    /// <exception cref="NotSupportedException">The configured item store cannot be queried.</exception>
    [ReadOnly]
    Task<ItemPage> QueryAsync(string tenant, ItemQuery query, CancellationToken cancellationToken = default);

    /// <summary>How many of the tenant's items <paramref name="filter"/> selects (all of them without one).</summary>
    [ReadOnly]
    Task<long> CountAsync(string tenant, ItemFilter? filter, CancellationToken cancellationToken = default);

    /// <summary>One result per aggregation, in order, over the items <paramref name="filter"/> selects.</summary>
    [ReadOnly]
    Task<IReadOnlyList<AggregationResult>> AggregateAsync(
        string tenant, ItemFilter? filter, IReadOnlyList<ItemAggregation> aggregations, CancellationToken cancellationToken = default);
}

public static class ItemQueryGrains
{
    /// <summary>The query grain to call: a stateless worker, so one key serves every silo locally.</summary>
    public static IInventoryItemQueryGrain ItemQueries(this IGrainFactory grains)
    {
        ArgumentNullException.ThrowIfNull(grains);
        return grains.GetGrain<IInventoryItemQueryGrain>(0);
    }
}
