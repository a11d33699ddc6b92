namespace InventoryGrains.Api.Dialects.Wix;

// Response shapes of queryInventoryItems, searchInventoryItems and countInventoryItems (camelCase
// JSON, nulls left out). Requests are read as JSON documents by WixQueryParser: their filters are
// open-ended objects that no record describes.

public sealed record WixQueryResponse(List<WixInventoryItem> InventoryItems, WixPagingMetadata PagingMetadata);

public sealed record WixSearchResponse(List<WixInventoryItem> InventoryItems, WixPagingMetadata PagingMetadata, WixAggregationData? AggregationData);

/// <param name="Count">Items in this page.</param>
/// <param name="HasNext">Whether <c>cursors.next</c> is given; the SDK looks at the cursor only.</param>
public sealed record WixPagingMetadata(int Count, WixCursors Cursors, bool HasNext);

/// <param name="Next">Absent on the last page. There is no <c>prev</c>: pages go forward only.</param>
public sealed record WixCursors(string? Next);

public sealed record WixCountResponse(long Count);

public sealed record WixAggregationData(List<WixAggregationResult> Results);

/// <summary>One aggregation's result: <see cref="Values"/>, <see cref="Ranges"/> or <see cref="Scalar"/> by its type.</summary>
public sealed record WixAggregationResult(string? Name, string Type, string FieldPath)
{
    public WixValueResults? Values { get; init; }

    public WixRangeResults? Ranges { get; init; }

    public WixScalarResult? Scalar { get; init; }
}

public sealed record WixValueResults(List<WixValueResult> Results);

/// <param name="Value">The value as text, as Wix gives it (<c>"true"</c>, <c>"7"</c>, an ISO-8601 time).</param>
public sealed record WixValueResult(string Value, long Count);

public sealed record WixRangeResults(List<WixRangeResult> Results);

public sealed record WixRangeResult(double? From, double? To, long Count);

/// <param name="Value">Absent for the minimum, maximum or average of no values.</param>
public sealed record WixScalarResult(string Type, double? Value);
