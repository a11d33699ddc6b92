using System.Text.Json;
using InventoryGrains.Api.Edge;
using InventoryGrains.Api.Edge.OpenApi;

namespace InventoryGrains.Api.Dialects.Wix;

// The bodies of the by-filter methods, for the API reference only: the routes read the body as a
// JSON document, since the filter is open-ended.

/// <param name="Filter">Wix API query language, as in the query routes; required (`{}` selects every item).</param>
public sealed record WixUpdateByFilterRequest(JsonElement Filter, WixInventoryItem InventoryItem);

public sealed record WixDeleteByFilterRequest(JsonElement Filter);

/// <param name="TrackQuantity">Whether an untracked item becomes tracked, with the amount as its quantity (else it fails).</param>
public sealed record WixAdjustByFilterRequest(JsonElement Filter, WixAdjustment Adjustment, bool? TrackQuantity);

public sealed record WixSetOrAdjustByFilterRequest(JsonElement Filter, WixAdjustment AdjustedInventoryAction);

public sealed record WixCreateByVariantFilterRequest(JsonElement Filter, string LocationId, WixInventoryCreationData InventoryCreationData);

/// <summary>The API reference of the by-filter methods.</summary>
public static class WixFilterJobDocs
{
    private const string Job = "Answers `{jobId}` at once; a durable job then applies the change to every item the filter selects, "
        + "a page at a time, and resumes after a crash from its last stored page without applying anything twice. "
        + "`GET /v1/inventory-item-jobs/{jobId}` shows its state and outcome counts. The filter is the query language of the query routes; "
        + "a free-text `search.expression` is a 400 (the product fields it searches are not held here).";

    private static readonly JsonElement ExampleFilter = JsonDocument.Parse("""{"locationId":"default","quantity":{"$lt":5}}""").RootElement.Clone();

    private static readonly WixJobResponse Answer = new("7c9e6679-7425-40de-944b-e07fc1f90ae7");

    private static IReadOnlyList<RouteError> Errors { get; } =
    [
        RouteError.WithBody(StatusCodes.Status400BadRequest,
            WixErrorBody.Of(WixDialect.Code(DialectErrorCode.InvalidArgument), "filter is required.", new Dictionary<string, string> { ["field"] = "filter" }),
            "The filter or the change cannot be read (`data.field` names where)."),
    ];

    public static RouteDoc Update { get; } = new()
    {
        Summary = "Update inventory items by filter",
        Description = "Sets the fields of `inventoryItem` (`quantity` or `inStock`, `preorderInfo`, `productId`) on every item selected, at whatever revision it is. " + Job,
        Request = typeof(WixUpdateByFilterRequest),
        RequestExample = new WixUpdateByFilterRequest(ExampleFilter, new WixInventoryItem { InStock = true }),
        Response = typeof(WixJobResponse),
        ResponseExample = Answer,
        Errors = Errors,
    };

    public static RouteDoc Delete { get; } = new()
    {
        Summary = "Delete inventory items by filter",
        Description = "Deletes every item selected. " + Job,
        Request = typeof(WixDeleteByFilterRequest),
        RequestExample = new WixDeleteByFilterRequest(ExampleFilter),
        Response = typeof(WixJobResponse),
        ResponseExample = Answer,
        Errors = Errors,
    };

    public static RouteDoc Adjust { get; } = new()
    {
        Summary = "Adjust inventory by filter",
        Description = "Adds `incrementBy` to, or takes `decrementBy` from, every tracked item selected (never below zero: `INSUFFICIENT_INVENTORY`); "
            + "an untracked item fails (`INVENTORY_QUANTITY_NOT_TRACKED`) unless `trackQuantity: true` makes it tracked with the amount as its quantity. " + Job,
        Request = typeof(WixAdjustByFilterRequest),
        RequestExample = new WixAdjustByFilterRequest(ExampleFilter, new WixAdjustment(5, null), TrackQuantity: false),
        Response = typeof(WixJobResponse),
        ResponseExample = Answer,
        Errors = Errors,
    };

    public static RouteDoc SetOrAdjust { get; } = new()
    {
        Summary = "Set or adjust inventory by filter",
        Description = "As adjust by filter with `trackQuantity: true`: tracked items are adjusted, untracked ones become tracked with the amount. " + Job,
        Request = typeof(WixSetOrAdjustByFilterRequest),
        RequestExample = new WixSetOrAdjustByFilterRequest(ExampleFilter, new WixAdjustment(null, 2)),
        Response = typeof(WixJobResponse),
        ResponseExample = Answer,
        Errors = Errors,
    };

    public static RouteDoc CreateByVariant { get; } = new()
    {
        Summary = "Create inventory items by variant filter",
        Description = "Creates, at `locationId`, a tracked item with `inventoryCreationData.quantity` for every variant the filter selects "
            + "(the variants this service knows are those of its items); a variant stocked there already fails (`ITEM_ALREADY_EXISTS`). "
            + "The filter names variant fields, as the SDK's variant search does: `id` (or `_id`), `sku` (the variant id of items made through Crux or BSPK) "
            + "and `productData.productId`; any other field is a 400 naming it (the service keeps no variant catalog). " + Job,
        Request = typeof(WixCreateByVariantFilterRequest),
        RequestExample = new WixCreateByVariantFilterRequest(JsonDocument.Parse("""{"productData.productId":"p1"}""").RootElement.Clone(), "warehouse-2", new WixInventoryCreationData(0)),
        Response = typeof(WixJobResponse),
        ResponseExample = Answer,
        Errors = Errors,
    };
}
