using System.ComponentModel;
using System.Text.Json.Serialization;
using InventoryGrains.Api.Edge.OpenApi;

namespace InventoryGrains.Api.Dialects.Bspk;

// Request and response shapes of the BSPK platform inventory batch API (snake_case JSON).

public sealed record BspkBatchRequest(
    [property: JsonPropertyName("inventories"), DocumentedRequired, Description("1 to 1000 records.")] List<BspkInventoryRecord?>? Inventories);

public sealed record BspkInventoryRecord(
    [property: JsonPropertyName("product_ref"), DocumentedRequired, Description("The item's product; must match the product of an existing item.")] string? ProductRef,
    [property: JsonPropertyName("sku"), DocumentedRequired, Description("The SKU: 1–256 printable characters.")] string? Sku,
    [property: JsonPropertyName("quantity"), DocumentedRequired, Description("The stock to set, under the quantity rules.")] int? Quantity,
    [property: JsonPropertyName("store_ref"), DocumentedRequired, Description("The store: the item's location.")] string? StoreRef,
    [property: JsonPropertyName("at"), DocumentedRequired, Description("When the record took effect, ISO-8601 (UTC without an offset); only a record later than the last one applied changes the item.")] string? At);

public sealed record BspkBatchResponse(
    [property: JsonPropertyName("status"), Description("`ok`, `warning`, `partial` or `error`.")] string Status,
    [property: JsonPropertyName("results"), Description("One per record, in request order.")] IReadOnlyList<BspkEntryResult> Results);

public sealed record BspkEntryResult(
    [property: JsonPropertyName("index")] int Index,
    [property: JsonPropertyName("status"), Description("`ok`, `warning` or `error`.")] string Status,
    [property: JsonPropertyName("message"), Description("`created`, `updated`, `stale: …`, or `code: description`.")] string Message);
