using System.ComponentModel;
using System.Text.Json.Serialization;
using InventoryGrains.Api.Edge;
using InventoryGrains.Api.Edge.OpenApi;

namespace InventoryGrains.Api.Dialects.Wix;

// Request and response shapes of the Wix Stores Catalog V3 inventory API (camelCase JSON).
// Revisions travel as strings; reading also accepts a number. Every request field is nullable, so
// that a missing one is reported by the handler in the Wix shape (for the one entry concerned);
// [DocumentedRequired] lists the ones a request cannot do without in the API reference.

public sealed record WixInventoryItem
{
    [Description("1–256 characters, not blank. Creation: optional (the service chooses one); bulk update: required.")]
    public string? Id { get; init; }

    [Description("+1 on every change; a string (a number is accepted). Bulk update: required, and must be the current revision.")]
    [JsonNumberHandling(JsonNumberHandling.AllowReadingFromString | JsonNumberHandling.WriteAsString)]
    public long? Revision { get; init; }

    [Description("Read only: true while the stock is `quantity`, false while it is `inStock`.")]
    public bool? TrackQuantity { get; init; }

    [Description("The stock; setting it makes the item tracked. One-of with `inStock`; shown only while tracked.")]
    public int? Quantity { get; init; }

    [Description("Setting it makes the item untracked. One-of with `quantity`; shown only while not tracked.")]
    public bool? InStock { get; init; }

    [Description("Required on creation.")]
    public string? VariantId { get; init; }

    public string? ProductId { get; init; }

    [Description("`default` when absent on creation.")]
    public string? LocationId { get; init; }

    [Description("`PHYSICAL` (the default) or `DIGITAL`; set on creation only.")]
    public string? ProductType { get; init; }

    [Description("Set on creation only.")]
    public bool? Subscription { get; init; }

    public WixPreorderInfo? PreorderInfo { get; init; }

    [Description("Read only, derived: `IN_STOCK`, `PREORDER` or `OUT_OF_STOCK`.")]
    public string? AvailabilityStatus { get; init; }

    [Description("Read only.")]
    public DateTimeOffset? CreatedDate { get; init; }

    [Description("Read only; moves with every change.")]
    public DateTimeOffset? UpdatedDate { get; init; }

    /// <summary>Properties of no field of the item (a misspelt name): ignored, and named when an update then changes nothing.</summary>
    [JsonExtensionData]
    public Dictionary<string, System.Text.Json.JsonElement>? UnknownProperties { get; init; }
}

public sealed record WixPreorderInfo
{
    [Description("Enabling it on a `DIGITAL` or subscription item is `PRE_ORDER_VALIDATION`.")]
    public bool? Enabled { get; init; }

    public string? Message { get; init; }

    [Description("How many units may be preordered (default 100000); needs a tracked item, at least 0 and at least `counter`.")]
    public int? Limit { get; init; }

    [Description("Read only: units preordered so far.")]
    public int? Counter { get; init; }

    [Description("Read only: `limit` − `counter`.")]
    public int? Quantity { get; init; }
}

public sealed record WixCreateRequest([property: DocumentedRequired] WixInventoryItem? InventoryItem);

public sealed record WixItemResponse(WixInventoryItem InventoryItem);

public sealed record WixBulkCreateRequest(
    [property: DocumentedRequired, Description("1 to 1000 items, each as for a single creation.")] List<WixInventoryItem?>? InventoryItems,
    [property: Description(WixFieldText.ReturnEntity)] bool? ReturnEntity);

public sealed record WixBulkUpdateRequest(
    [property: DocumentedRequired, Description("1 to 1000 entries.")] List<WixUpdateEntry?>? InventoryItems,
    [property: Description(WixFieldText.Reason)] string? Reason,
    [property: Description(WixFieldText.ReturnEntity)] bool? ReturnEntity);

/// <param name="FieldMask">The fields to set, comma-separated (<c>quantity,preorderInfo.enabled</c>); all given fields when absent.</param>
public sealed record WixUpdateEntry(
    [property: DocumentedRequired, Description("`id` and `revision` (bulk update), or `variantId` (upsert), and the fields to change.")] WixInventoryItem? InventoryItem,
    [property: Description("Comma-separated names of the fields to set, e.g. `quantity,preorderInfo.enabled`; all given fields when absent.")] string? FieldMask = null);
public sealed record WixUpdateRequest(WixInventoryItem? InventoryItem, string? Reason);

public sealed record WixBulkUpsertRequest(List<WixUpdateEntry?>? InventoryItems, bool? ReturnEntity);

public sealed record WixBulkDeleteRequest(List<string?>? InventoryItemIds);

/// <summary>The answer of a route that returns nothing: <c>{}</c> (the SDK reads a JSON body from every 200).</summary>
public sealed record WixEmptyResponse;

public sealed record WixBulkVariantDecrementRequest(List<WixVariantDecrementEntry?>? DecrementData, bool? RestrictInventory, string? Reason, bool? ReturnEntity);

public sealed record WixVariantDecrementEntry(string? VariantId, string? LocationId, int? DecrementBy, bool? PreorderRequest);

public sealed record WixBulkVariantIncrementRequest(List<WixVariantIncrementEntry?>? IncrementData, string? Reason, bool? ReturnEntity);

public sealed record WixVariantIncrementEntry(string? VariantId, string? LocationId, int? IncrementBy);

public sealed record WixBulkDecrementRequest(
    [property: DocumentedRequired, Description("1 to 1000 entries.")] List<WixDecrementEntry?>? DecrementData,
    [property: Description("`true` (the default): a decrement larger than the stock is `INSUFFICIENT_INVENTORY`; `false`: the stock may go below zero.")] bool? RestrictInventory,
    [property: Description(WixFieldText.Reason)] string? Reason,
    [property: Description(WixFieldText.ReturnEntity)] bool? ReturnEntity);

public sealed record WixDecrementEntry(
    [property: DocumentedRequired] string? InventoryItemId,
    [property: DocumentedRequired, Description("Positive.")] int? DecrementBy,
    [property: Description("`true`: count a preorder of an item in `PREORDER`, within its limit, instead of taking stock.")] bool? PreorderRequest);

public sealed record WixBulkIncrementRequest(
    [property: DocumentedRequired, Description("1 to 1000 entries.")] List<WixIncrementEntry?>? IncrementData,
    [property: Description(WixFieldText.Reason)] string? Reason,
    [property: Description(WixFieldText.ReturnEntity)] bool? ReturnEntity);

public sealed record WixIncrementEntry(
    [property: DocumentedRequired] string? InventoryItemId,
    [property: DocumentedRequired, Description("Positive.")] int? IncrementBy);

public sealed record WixBulkResponse(List<WixBulkResult> Results, WixBulkActionMetadata BulkActionMetadata);

public sealed record WixBulkResult(
    WixItemMetadata ItemMetadata,
    [property: Description("The item after the entry: only with `returnEntity: true`, and only when the entry succeeded.")] WixInventoryItem? Item);

public sealed record WixItemMetadata(
    [property: Description("The item the entry names, when it names one.")] string? Id,
    [property: Description("The entry's index in the request.")] int OriginalIndex,
    bool Success,
    [property: Description("Why the entry failed: the contract's code, a description and, for `REVISION_MISMATCH`, `data.currentRevision`.")] WixApplicationError? Error);

public sealed record WixBulkActionMetadata(int TotalSuccesses, int TotalFailures, int UndetailedFailures);

internal static class WixFieldText
{
    public const string Reason = "`ORDER`, `MANUAL` (the default) or `REVERT_INVENTORY_CHANGE`; recorded with each change.";

    public const string ReturnEntity = "`true`: each result carries the item as it stands after its entry (default `false`).";
}

/// <summary>The answer of a by-filter method: the job that does the work (<c>GET /v1/inventory-item-jobs/{jobId}</c>).</summary>
public sealed record WixJobResponse(string JobId);

public sealed record WixAdjustment(int? IncrementBy, int? DecrementBy);

public sealed record WixInventoryCreationData(int? Quantity);
