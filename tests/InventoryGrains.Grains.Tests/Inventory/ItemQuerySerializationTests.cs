using InventoryGrains.Abstractions.Inventory;
using InventoryGrains.Abstractions.Inventory.Queries;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using InventoryGrains.Domain.Items;

namespace InventoryGrains.Grains.Tests.Inventory;

/// <summary>
/// Queries and their answers cross the wire between an API in client role and the silos: every
/// shape survives Orleans' serializer (an embedded API calls in process and would not notice).
/// </summary>
public sealed class ItemQuerySerializationTests
{
    private static readonly Serializer Serializer = new ServiceCollection()
        .AddSerializer(builder => builder.AddAssembly(typeof(ItemQuery).Assembly))
        .BuildServiceProvider()
        .GetRequiredService<Serializer>();

    private static T RoundTrip<T>(T value) => Serializer.Deserialize<T>(Serializer.SerializeToArray(value))!;

    [Fact]
    public void A_query_with_every_kind_of_filter_value_and_a_position_survives_the_serializer()
    {
        var time = new DateTimeOffset(2026, 3, 1, 8, 0, 0, TimeSpan.FromHours(2)).AddTicks(1234567);
        var query = new ItemQuery(
            ItemFilter.And(
                ItemFilter.Or(
                    ItemFilter.Condition(ItemField.ProductId, FilterOperator.In, ItemValue.Of("p-😀"), null),
                    ItemFilter.Not(ItemFilter.Condition(ItemField.Quantity, FilterOperator.Gte, ItemValue.Of(-5)))),
                ItemFilter.Condition(ItemField.InStock, FilterOperator.Exists, ItemValue.Of(false)),
                ItemFilter.Condition(ItemField.CreatedDate, FilterOperator.Lt, ItemValue.Of(time))),
            [new ItemSort(ItemField.Quantity, SortDirection.Descending)],
            25,
            new ItemPosition([null], "item-7"));

        var copy = RoundTrip(query);

        Assert.Equal(Describe(query), Describe(copy));
        Assert.Equal(ItemValue.Of(time), ((FieldFilter)((AllOfFilter)copy.Filter!).Filters[2]).Operands[0]);
        Assert.Equal(TimeSpan.Zero, ((FieldFilter)((AllOfFilter)copy.Filter!).Filters[2]).Operands[0]!.Timestamp.Offset);
    }

    [Fact]
    public void Aggregations_pages_and_results_survive_the_serializer()
    {
        IReadOnlyList<ItemAggregation> aggregations =
        [
            new ValueAggregation(ItemField.ProductId, 10, ValueOrder.Count, SortDirection.Descending, ItemValue.Of("N/A")),
            new RangeAggregation(ItemField.Quantity, [new RangeBucket(null, 2.5), new RangeBucket(2.5, null)]),
            new ScalarAggregation(ItemField.Quantity, ScalarKind.Avg),
        ];
        IReadOnlyList<AggregationResult> results =
        [
            new ValueAggregationResult([new ValueCount(ItemValue.Of(true), 3)]),
            new RangeAggregationResult([1, 2]),
            new ScalarAggregationResult(null),
        ];
        var item = new InventoryItem
        {
            Id = "a", Revision = 2, TrackQuantity = true, Quantity = 4, InStock = false, VariantId = "v", LocationId = "default",
            ProductType = ProductType.Physical, Subscription = false, Preorder = new PreorderInfo(false, null, 100_000, 0, 100_000),
            QuantityOnBackorder = 0, AvailabilityStatus = AvailabilityStatus.InStock, CreatedDate = DateTimeOffset.UnixEpoch, UpdatedDate = DateTimeOffset.UnixEpoch,
        };
        var page = new ItemPage([item], new ItemPosition([ItemValue.Of(DateTimeOffset.UnixEpoch)], "a"));

        Assert.Equal(Describe(aggregations), Describe(RoundTrip(aggregations)));
        Assert.Equal(Describe(results), Describe(RoundTrip(results)));
        var pageCopy = RoundTrip(page);
        Assert.Equal(item, pageCopy.Items.Single() with { Identifiers = item.Identifiers });
        Assert.Equal(page.Next!.Keys, pageCopy.Next!.Keys);
    }

    /// <summary>Records compare lists by reference; their printed form shows every value.</summary>
    private static string Describe(object value) => value switch
    {
        AllOfFilter all => $"and({string.Join(", ", all.Filters.Select(Describe))})",
        AnyOfFilter any => $"or({string.Join(", ", any.Filters.Select(Describe))})",
        NotFilter not => $"not({Describe(not.Filter)})",
        FieldFilter condition => $"{condition.Field} {condition.Operator} [{string.Join(", ", condition.Operands.Select(o => o?.ToString() ?? "null"))}]",
        ItemQuery query => $"{(query.Filter is null ? "" : Describe(query.Filter))} sort {string.Join(", ", query.Sort)} limit {query.Limit} after [{string.Join(", ", query.After!.Keys.Select(k => k?.ToString() ?? "null"))}] {query.After.Id}",
        IEnumerable<ItemAggregation> list => string.Join("; ", list.Select(a => a switch
        {
            RangeAggregation range => $"{range.Field} [{string.Join(", ", range.Buckets)}]",
            _ => a.ToString(),
        })),
        IEnumerable<AggregationResult> list => string.Join("; ", list.Select(r => r switch
        {
            ValueAggregationResult v => string.Join(", ", v.Values),
            RangeAggregationResult r2 => string.Join(", ", r2.Counts),
            ScalarAggregationResult s => $"{s.Value}",
            _ => "?",
        })),
        _ => value.ToString()!,
    };
}
