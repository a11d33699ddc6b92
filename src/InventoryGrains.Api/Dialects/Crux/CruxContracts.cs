using System.ComponentModel;
using System.Text.Json.Serialization;

namespace InventoryGrains.Api.Dialects.Crux;

// The Crux shapes as the API reference shows them. The handlers read the body as raw JSON (each
// element is checked on its own, and a bad one fails alone with its own status); these records
// describe the same JSON, and build the reference's examples.

/// <summary>
/// One SKU of a Crux request body (a bare array of 1 to 1000 of them). At least one identifier;
/// every identifier given must name the same SKU.
/// </summary>
public sealed record CruxSkuElement(
    [property: JsonPropertyName("sku_id"), Description("1–256 printable characters; surrounding spaces are dropped, case is kept.")] string? SkuId = null,
    [property: JsonPropertyName("upca"), Description("12 digits (GS1 check digit); hyphens and spaces are ignored.")] string? Upca = null,
    [property: JsonPropertyName("ean13"), Description("13 digits (GS1 check digit).")] string? Ean13 = null,
    [property: JsonPropertyName("gtin14"), Description("14 digits (GS1 check digit).")] string? Gtin14 = null,
    [property: JsonPropertyName("isbn"), Description("ISBN-10 (last character may be `X`) or ISBN-13 starting 978/979.")] string? Isbn = null,
    [property: JsonPropertyName("quantity_in_stock"), Description("Sets the stock (0 to 2147483647) under the quantity rules; creation: 0 when absent.")] int? QuantityInStock = null,
    [property: JsonPropertyName("quantity_on_backorder"), Description("0 to 2147483647.")] int? QuantityOnBackorder = null,
    [property: JsonPropertyName("restrictions"), Description("`discontd` or `tmpunavail`; `null` clears it, absent leaves it.")] string? Restrictions = null);

/// <summary>One element's answer, at the element's position in the request.</summary>
public sealed record CruxElementStatus(
    [property: JsonPropertyName("status_code"), Description("201 created, 200 updated; 400 a bad element or a broken rule, 404 an unknown SKU, 409 an identifier already taken, 503 outcome unknown.")] int StatusCode,
    [property: JsonPropertyName("message")] string Message,
    [property: JsonPropertyName("inventory_item_id"), Description("The created item's id (creation only).")] string? InventoryItemId = null);
