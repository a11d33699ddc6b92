using InventoryGrains.Abstractions.Inventory;
using InventoryGrains.Abstractions.Inventory.Queries;
using InventoryGrains.Storage.Items;
using InventoryGrains.Domain.Items;

namespace InventoryGrains.Storage.Memory;

/// <summary>
/// Item queries of the embedded mode, over the items of a <see cref="MemoryItemStore"/>: every call
/// reads and filters all of them (O(items)), which is what an in-process store is for.
/// </summary>
public sealed class MemoryItemQueryStore(MemoryItemStore store) : IItemQueryStore
{
    public Task<ItemPage> QueryAsync(string tenant, ItemQuery query, CancellationToken cancellationToken = default)
    {
        ItemQueryArguments.Check(tenant, query);
        var order = new ItemOrder(query.EffectiveSort);
        var candidates = Select(tenant, query.Filter).Select(item => (Item: item, Position: order.PositionOf(item)));
        if (query.After is { } after)
        {
            candidates = candidates.Where(candidate => order.Compare(candidate.Position, after) > 0);
        }

        // One more than the page: whether another page follows, without a second look.
        var page = candidates.OrderBy(candidate => candidate.Position, order).Take(query.Limit + 1).ToList();
        var next = page.Count > query.Limit ? page[query.Limit - 1].Position : null;
        return Task.FromResult(new ItemPage([.. page.Take(query.Limit).Select(candidate => candidate.Item)], next));
    }

    public Task<long> CountAsync(string tenant, ItemFilter? filter, CancellationToken cancellationToken = default)
    {
        ItemQueryArguments.Check(tenant, filter);
        return Task.FromResult((long)Select(tenant, filter).Count());
    }

    public Task<IReadOnlyList<AggregationResult>> AggregateAsync(
        string tenant, ItemFilter? filter, IReadOnlyList<ItemAggregation> aggregations, CancellationToken cancellationToken = default)
    {
        ItemQueryArguments.Check(tenant, filter, aggregations);
        var items = Select(tenant, filter).ToList();
        return Task.FromResult<IReadOnlyList<AggregationResult>>([.. aggregations.Select(aggregation => Aggregate(items, aggregation))]);
    }

    private IEnumerable<InventoryItem> Select(string tenant, ItemFilter? filter) =>
        store.Items(tenant).Where(item => ItemFilterEvaluator.Matches(item, filter));

    private static AggregationResult Aggregate(List<InventoryItem> items, ItemAggregation aggregation)
    {
        switch (aggregation)
        {
            case ValueAggregation value:
            {
                var groups = items
                    .Select(item => ItemFields.ValueOf(item, value.Field) ?? value.MissingAs)
                    .OfType<ItemValue>()
                    .GroupBy(v => v)
                    .Select(group => new ValueCount(group.Key, group.LongCount()))
                    .ToList();
                var descending = value.Direction == SortDirection.Descending;
                groups.Sort((x, y) =>
                {
                    var byValue = x.Value.CompareTo(y.Value);
                    if (value.Order == ValueOrder.Value)
                    {
                        return descending ? -byValue : byValue;
                    }

                    var byCount = descending ? y.Count.CompareTo(x.Count) : x.Count.CompareTo(y.Count);
                    return byCount != 0 ? byCount : byValue;
                });
                return new ValueAggregationResult([.. groups.Take(value.Limit)]);
            }

            case RangeAggregation range:
            {
                var counts = new long[range.Buckets.Count];
                foreach (var item in items)
                {
                    if (ItemFields.ValueOf(item, range.Field) is not { } present)
                    {
                        continue;
                    }

                    double number = present.Number;
                    for (var i = 0; i < range.Buckets.Count; i++)
                    {
                        var bucket = range.Buckets[i];
                        if ((bucket.From is not { } from || number >= from) && (bucket.To is not { } to || number < to))
                        {
                            counts[i]++;
                            break;
                        }
                    }
                }

                return new RangeAggregationResult(counts);
            }

            case ScalarAggregation scalar:
            {
                var values = items.Select(item => ItemFields.ValueOf(item, scalar.Field)).OfType<ItemValue>().ToList();
                return new ScalarAggregationResult(scalar.Kind switch
                {
                    ScalarKind.CountDistinct => values.Distinct().Count(),
                    ScalarKind.Min => values.Count == 0 ? null : values.Min(v => v.Number),
                    ScalarKind.Max => values.Count == 0 ? null : values.Max(v => v.Number),
                    ScalarKind.Sum => values.Sum(v => v.Number),
                    _ => values.Count == 0 ? null : (double)values.Sum(v => v.Number) / values.Count,
                });
            }

            default:
                throw new ArgumentException($"Unknown aggregation {aggregation.GetType().Name}.", nameof(aggregation));
        }
    }
}
