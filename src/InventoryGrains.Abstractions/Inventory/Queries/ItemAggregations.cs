using InventoryGrains.Domain.Items;

namespace InventoryGrains.Abstractions.Inventory.Queries;

/// <summary>A summary of the items a filter selects, as Wix search aggregations compute them.</summary>
[GenerateSerializer, Immutable]
public abstract record ItemAggregation([property: Id(0)] ItemField Field);

public enum ValueOrder
{
    Count,
    Value,
}

/// <summary>
/// The most (or least) frequent values of a field with their counts, at most <see cref="Limit"/>.
/// Ties of count go by value, ascending. Items lacking the field are left out, or counted as
/// <see cref="MissingAs"/> when it is given (together with the items that hold that value).
/// </summary>
[GenerateSerializer, Immutable]
public sealed record ValueAggregation(
    ItemField Field,
    [property: Id(0)] int Limit,
    [property: Id(1)] ValueOrder Order,
    [property: Id(2)] SortDirection Direction,
    [property: Id(3)] ItemValue? MissingAs) : ItemAggregation(Field);

/// <summary>A bucket from <see cref="From"/> (inclusive) to <see cref="To"/> (exclusive); an open end is unbounded.</summary>
[GenerateSerializer, Immutable]
public sealed record RangeBucket([property: Id(0)] double? From, [property: Id(1)] double? To);

/// <summary>How many items' values fall in each bucket; an item counts in the first bucket it falls in only. Number fields only.</summary>
[GenerateSerializer, Immutable]
public sealed record RangeAggregation(ItemField Field, [property: Id(0)] IReadOnlyList<RangeBucket> Buckets) : ItemAggregation(Field);

public enum ScalarKind
{
    CountDistinct,
    Min,
    Max,
    Sum,
    Avg,
}

/// <summary>One number over the present values: distinct count (any field), or min, max, sum, average (integer fields).</summary>
[GenerateSerializer, Immutable]
public sealed record ScalarAggregation(ItemField Field, [property: Id(0)] ScalarKind Kind) : ItemAggregation(Field);

[GenerateSerializer, Immutable]
public abstract record AggregationResult;

[GenerateSerializer, Immutable]
public sealed record ValueCount([property: Id(0)] ItemValue Value, [property: Id(1)] long Count);

[GenerateSerializer, Immutable]
public sealed record ValueAggregationResult([property: Id(0)] IReadOnlyList<ValueCount> Values) : AggregationResult;

/// <param name="Counts">One per requested bucket, in the requested order.</param>
[GenerateSerializer, Immutable]
public sealed record RangeAggregationResult([property: Id(0)] IReadOnlyList<long> Counts) : AggregationResult;

/// <param name="Value">Null for min, max and average of no values.</param>
[GenerateSerializer, Immutable]
public sealed record ScalarAggregationResult([property: Id(0)] double? Value) : AggregationResult;
