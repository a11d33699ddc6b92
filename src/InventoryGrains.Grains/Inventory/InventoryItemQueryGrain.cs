using InventoryGrains.Abstractions.Inventory.Queries;
using InventoryGrains.Storage.Items;
using Orleans.Concurrency;
using InventoryGrains.Domain.Items;

namespace InventoryGrains.Grains.Inventory;

/// <summary>
/// Answers item queries from the item store of its silo. Stateless, so every silo answers its own
/// callers' queries, and reentrant, so an activation takes the next query while one waits for the
/// database (it holds nothing a second call could disturb). The rules of a query (filters, order,
/// paging) are the store's, which refuses a query that is not well formed.
/// </summary>
[StatelessWorker]
[Reentrant]
public sealed class InventoryItemQueryGrain(IItemQueryStore store) : Grain, IInventoryItemQueryGrain
{
    public Task<ItemPage> QueryAsync(string tenant, ItemQuery query, CancellationToken cancellationToken = default) =>
        store.QueryAsync(tenant, query, cancellationToken);

    public Task<long> CountAsync(string tenant, ItemFilter? filter, CancellationToken cancellationToken = default) =>
        store.CountAsync(tenant, filter, cancellationToken);

    public Task<IReadOnlyList<AggregationResult>> AggregateAsync(
        string tenant, ItemFilter? filter, IReadOnlyList<ItemAggregation> aggregations, CancellationToken cancellationToken = default) =>
        store.AggregateAsync(tenant, filter, aggregations, cancellationToken);
}
