using System.Text.Json.Serialization;
using InventoryGrains.Api.Edge;

namespace InventoryGrains.Api.Dialects.Wix;

// Request and response shapes of the Wix Stores Catalog V3 inventory API (camelCase JSON).
// Revisions travel as strings; reading also accepts a number.

public sealed record WixInventoryItem
{
    public string? Id { get; init; }

    [JsonNumberHandling(JsonNumberHandling.AllowReadingFromString | JsonNumberHandling.WriteAsString)]
    public long? Revision { get; init; }

    public bool? TrackQuantity { get; init; }
    public int? Quantity { get; init; }
    public bool? InStock { get; init; }
    public string? VariantId { get; init; }
    public string? ProductId { get; init; }
    public string? LocationId { get; init; }
    public string? ProductType { get; init; }
    public bool? Subscription { get; init; }
    public WixPreorderInfo? PreorderInfo { get; init; }
    public string? AvailabilityStatus { get; init; }
    public DateTimeOffset? CreatedDate { get; init; }
    public DateTimeOffset? UpdatedDate { get; init; }
}

public sealed record WixPreorderInfo
{
    public bool? Enabled { get; init; }
    public string? Message { get; init; }
    public int? Limit { get; init; }
    public int? Counter { get; init; }
    public int? Quantity { get; init; }
}

public sealed record WixCreateRequest(WixInventoryItem? InventoryItem);

public sealed record WixItemResponse(WixInventoryItem InventoryItem);

public sealed record WixBulkCreateRequest(List<WixInventoryItem?>? InventoryItems, bool? ReturnEntity);

public sealed record WixBulkUpdateRequest(List<WixUpdateEntry?>? InventoryItems, string? Reason, bool? ReturnEntity);

/// <param name="FieldMask">The fields to set, comma-separated (<c>quantity,preorderInfo.enabled</c>); all given fields when absent.</param>
public sealed record WixUpdateEntry(WixInventoryItem? InventoryItem, string? FieldMask = null);

public sealed record WixUpdateRequest(WixInventoryItem? InventoryItem, string? Reason);

public sealed record WixBulkUpsertRequest(List<WixUpdateEntry?>? InventoryItems, bool? ReturnEntity);

public sealed record WixBulkDeleteRequest(List<string?>? InventoryItemIds);

/// <summary>The answer of a route that returns nothing: <c>{}</c> (the SDK reads a JSON body from every 200).</summary>
public sealed record WixEmptyResponse;

public sealed record WixBulkVariantDecrementRequest(List<WixVariantDecrementEntry?>? DecrementData, bool? RestrictInventory, string? Reason, bool? ReturnEntity);

public sealed record WixVariantDecrementEntry(string? VariantId, string? LocationId, int? DecrementBy, bool? PreorderRequest);

public sealed record WixBulkVariantIncrementRequest(List<WixVariantIncrementEntry?>? IncrementData, string? Reason, bool? ReturnEntity);

public sealed record WixVariantIncrementEntry(string? VariantId, string? LocationId, int? IncrementBy);

public sealed record WixBulkDecrementRequest(List<WixDecrementEntry?>? DecrementData, bool? RestrictInventory, string? Reason, bool? ReturnEntity);

public sealed record WixDecrementEntry(string? InventoryItemId, int? DecrementBy, bool? PreorderRequest);

public sealed record WixBulkIncrementRequest(List<WixIncrementEntry?>? IncrementData, string? Reason, bool? ReturnEntity);

public sealed record WixIncrementEntry(string? InventoryItemId, int? IncrementBy);

public sealed record WixBulkResponse(List<WixBulkResult> Results, WixBulkActionMetadata BulkActionMetadata);

public sealed record WixBulkResult(WixItemMetadata ItemMetadata, WixInventoryItem? Item);

public sealed record WixItemMetadata(string? Id, int OriginalIndex, bool Success, WixApplicationError? Error);

public sealed record WixBulkActionMetadata(int TotalSuccesses, int TotalFailures, int UndetailedFailures);
