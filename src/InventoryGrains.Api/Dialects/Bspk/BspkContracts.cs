using System.Text.Json.Serialization;

namespace InventoryGrains.Api.Dialects.Bspk;

// Request and response shapes of the BSPK platform inventory batch API (snake_case JSON).

public sealed record BspkBatchRequest(
    [property: JsonPropertyName("inventories")] List<BspkInventoryRecord?>? Inventories);

public sealed record BspkInventoryRecord(
    [property: JsonPropertyName("product_ref")] string? ProductRef,
    [property: JsonPropertyName("sku")] string? Sku,
    [property: JsonPropertyName("quantity")] int? Quantity,
    [property: JsonPropertyName("store_ref")] string? StoreRef,
    [property: JsonPropertyName("at")] string? At);

public sealed record BspkBatchResponse(
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("results")] IReadOnlyList<BspkEntryResult> Results);

public sealed record BspkEntryResult(
    [property: JsonPropertyName("index")] int Index,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("message")] string Message);
