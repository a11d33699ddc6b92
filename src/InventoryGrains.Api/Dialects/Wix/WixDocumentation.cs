using InventoryGrains.Abstractions.Inventory;
using InventoryGrains.Api.Edge;
using InventoryGrains.Api.Edge.OpenApi;
using InventoryGrains.Domain.Items;

namespace InventoryGrains.Api.Dialects.Wix;

/// <summary>The API reference of the Wix routes; the examples are written by the Wix mapping itself.</summary>
public static class WixDocs
{
    private const string ItemId = "000c47f6-345a-49ff-8503-c1d26469206f";
    private const string OtherItemId = "5a1e2b3c-0d4f-4e6a-8b7c-9d0e1f2a3b4c";

    private static readonly DateTimeOffset Created = new(2026, 3, 1, 10, 0, 0, TimeSpan.Zero);

    private static readonly InventoryItem Item = new()
    {
        Id = ItemId,
        Revision = 1,
        TrackQuantity = true,
        Quantity = 5,
        InStock = false,
        VariantId = "v1",
        ProductId = "p1",
        LocationId = "default",
        ProductType = ProductType.Physical,
        Subscription = false,
        Preorder = new PreorderInfo(false, null, 100_000, 0, 100_000),
        QuantityOnBackorder = 0,
        AvailabilityStatus = AvailabilityStatus.InStock,
        CreatedDate = Created,
        UpdatedDate = Created,
    };

    private const string ItemErrors = "Item errors answer in the Wix error body, with the code the Wix SDK documents: "
        + "`INVALID_ARGUMENT` 400, `INVENTORY_ITEM_NOT_FOUND` 404, `REVISION_MISMATCH` and `ITEM_ALREADY_EXISTS` 409, `UNAVAILABLE` 503, any other code 428.";

    private const string ByVariant = "Each entry names its item by `variantId` and `locationId` (absent: `default`); "
        + "a variant not stocked at that location is `NOT_FOUND`. Entries for one item apply in request order.";

    private const string BulkAnswer = "Answers 200 with one result per entry, in request order: `itemMetadata` "
        + "(`id`, `originalIndex`, `success`, and `error` with the contract's code when the entry failed) and, with `returnEntity: true`, "
        + "the item as it stands after the entry. An entry fails on its own; entries for one item apply in request order, different items concurrently.";

    private const string ReasonField = "`reason` is `ORDER`, `MANUAL` (the default) or `REVERT_INVENTORY_CHANGE`; it is recorded with each change.";

    private static RouteError ItemUnavailable { get; } = ItemError(InventoryErrorCode.Unavailable,
        "The change could not be confirmed as stored: it may or may not have been applied. Read the item, or repeat the change with the same idempotency key.",
        "The item could not be reached or its change could not be stored (`UNAVAILABLE`): the outcome is unknown.");

    private static RouteError ReasonError { get; } = RouteError.Of(
        DialectError.BadRequest("reason must be one of ORDER, MANUAL, REVERT_INVENTORY_CHANGE."), "`reason` is not `ORDER`, `MANUAL` or `REVERT_INVENTORY_CHANGE`.");

    public static RouteDoc Create { get; } = new()
    {
        Summary = "Create an inventory item",
        Description = $"""
            Creates one item: a variant at a location. `variantId` is required. `quantity` (the item is
            tracked) and `inStock` (not tracked) are one-of; with neither, the item is tracked with
            quantity 0. Without `id` the service chooses one (with an `Idempotency-Key`, the same one on
            every repeat); an `id` that exists (or belonged to a deleted item), or a second item of the
            variant at the location, is `ITEM_ALREADY_EXISTS`. `productType` and `subscription`
            can only be set here. {ItemErrors}
            """,
        RequestExample = new WixCreateRequest(new WixInventoryItem { Id = ItemId, VariantId = "v1", ProductId = "p1", Quantity = 5 }),
        Response = typeof(WixItemResponse),
        ResponseExample = new WixItemResponse(WixMapping.ToWix(Item)),
        Errors =
        [
            RouteError.Of(DialectError.BadRequest("inventoryItem is required."), "`inventoryItem` is missing, or `id` or `productType` is not valid."),
            ItemError(InventoryErrorCode.InvalidArgument, "quantity and inStock are mutually exclusive.",
                "The item breaks a rule (`INVALID_ARGUMENT`): `quantity` with `inStock`, no `variantId`, a bad preorder limit, …"),
            ItemError(InventoryErrorCode.ItemAlreadyExists, $"Inventory item '{OtherItemId}' already is variant 'v1' at location 'default'.",
                "The id is taken, or another item already is this variant at this location (`ITEM_ALREADY_EXISTS`)."),
            ItemError(InventoryErrorCode.PreOrderValidation, "Preorder cannot be enabled for digital or subscription products.",
                "Another rule of the contract: `PRE_ORDER_VALIDATION`, `REQUESTED_QUANTITY_MUST_BE_NON_NEGATIVE_DECREASING`."),
            ItemUnavailable,
        ],
    };

    public static RouteDoc Get { get; } = new()
    {
        Summary = "Read an inventory item",
        Description = $"The item as it stands after its latest change; `quantity` is shown only while tracked, `inStock` only while not. {ItemErrors}",
        Response = typeof(WixItemResponse),
        ResponseExample = new WixItemResponse(WixMapping.ToWix(Item)),
        Errors =
        [
            RouteError.Of(DialectError.BadRequest("The inventory item id is not valid."), "The id is blank or longer than 256 characters."),
            ItemError(InventoryErrorCode.InventoryItemNotFound, $"Inventory item '{OtherItemId}' was not found.",
                "No item has this id in the key's tenant (`INVENTORY_ITEM_NOT_FOUND`)."),
            ItemUnavailable,
        ],
    };

    public static RouteDoc BulkCreate { get; } = new()
    {
        Summary = "Create inventory items in bulk",
        Description = $"Creates 1 to {BulkPipeline.MaxEntries} items, each under the rules of a single creation. {BulkAnswer}",
        RequestExample = new WixBulkCreateRequest(
            [new WixInventoryItem { VariantId = "v2", InStock = true }, new WixInventoryItem { Id = ItemId, VariantId = "v1", Quantity = 5 }],
            ReturnEntity: true),
        Response = typeof(WixBulkResponse),
        ResponseExample = Bulk(returnEntity: true,
            Ok(OtherItemId, 1) with { Item = Item with { Id = OtherItemId, TrackQuantity = false, Quantity = 0, InStock = true, VariantId = "v2", ProductId = null } },
            ItemOutcome.Rejected(ItemId, InventoryErrorCode.ItemAlreadyExists, $"Inventory item '{ItemId}' already exists.")),
        Errors = [CountError("inventoryItems")],
    };

    public static RouteDoc BulkUpdate { get; } = new()
    {
        Summary = "Update inventory items in bulk",
        Description = $"""
            Changes 1 to {BulkPipeline.MaxEntries} items. Each entry names `id` and the current `revision` (else
            `REVISION_MISMATCH`, with `data.currentRevision`), and the fields to change: `quantity` or
            `inStock`, `preorderInfo`, `productId` (`variantId` and `locationId` may be repeated, not
            changed). With `fieldMask` (comma-separated) only the named fields are set. {ReasonField} {BulkAnswer}
            """,
        RequestExample = new WixBulkUpdateRequest(
            [new WixUpdateEntry(new WixInventoryItem { Id = ItemId, Revision = 1, Quantity = 1 }), new WixUpdateEntry(new WixInventoryItem { Id = OtherItemId, Revision = 3, InStock = false })],
            "MANUAL", ReturnEntity: true),
        Response = typeof(WixBulkResponse),
        ResponseExample = Bulk(returnEntity: true,
            Ok(ItemId, 2) with { Item = Item with { Revision = 2, Quantity = 1 } },
            ItemOutcome.Rejected(OtherItemId, InventoryErrorCode.RevisionMismatch, "Revision 3 is not the current revision 4.", currentRevision: 4)),
        Errors = [CountError("inventoryItems"), ReasonError],
    };

    public static RouteDoc BulkDecrement { get; } = new()
    {
        Summary = "Decrement inventory in bulk",
        Description = $"""
            Takes stock of 1 to {BulkPipeline.MaxEntries} tracked items. `restrictInventory` (default `true`) refuses a
            decrement larger than the stock (`INSUFFICIENT_INVENTORY`); with `false` the stock may go below
            zero (an order taken without a stock check). An entry with `preorderRequest: true` counts a
            preorder instead, within the preorder limit (`PREORDER_LIMIT_EXCEEDED`). {ReasonField} {BulkAnswer}
            """,
        RequestExample = new WixBulkDecrementRequest([new WixDecrementEntry(ItemId, 1, null), new WixDecrementEntry(OtherItemId, 50, null)], RestrictInventory: true, "ORDER", ReturnEntity: false),
        Response = typeof(WixBulkResponse),
        ResponseExample = Bulk(returnEntity: false,
            new ItemApplied(ItemId, 2, null),
            ItemOutcome.Rejected(OtherItemId, InventoryErrorCode.InsufficientInventory, "Cannot take 50: only 3 in stock.")),
        Errors = [CountError("decrementData"), ReasonError],
    };

    public static RouteDoc BulkIncrement { get; } = new()
    {
        Summary = "Increment inventory in bulk",
        Description = $"Adds stock to 1 to {BulkPipeline.MaxEntries} tracked items (`INVENTORY_QUANTITY_NOT_TRACKED` otherwise); `incrementBy` must be positive. {ReasonField} {BulkAnswer}",
        RequestExample = new WixBulkIncrementRequest([new WixIncrementEntry(ItemId, 3)], "MANUAL", ReturnEntity: true),
        Response = typeof(WixBulkResponse),
        ResponseExample = Bulk(returnEntity: true, Ok(ItemId, 2) with { Item = Item with { Revision = 2, Quantity = 8 } }),
        Errors = [CountError("incrementData"), ReasonError],
    };

    public static RouteDoc Update { get; } = new()
    {
        Summary = "Update an inventory item",
        Description = $"""
            Changes the fields given, at the revision quoted (`revision` is required; a stale one is
            `REVISION_MISMATCH` with `data.currentRevision`): `quantity` (the item becomes tracked) or
            `inStock` (untracked), `preorderInfo`, `productId`. `variantId` and `locationId` may be
            repeated, not changed. {ReasonField} {ItemErrors}
            """,
        RequestExample = new WixUpdateRequest(new WixInventoryItem { Revision = 1, Quantity = 2 }, "MANUAL"),
        Response = typeof(WixItemResponse),
        ResponseExample = new WixItemResponse(WixMapping.ToWix(Item with { Revision = 2, Quantity = 2 })),
        Errors =
        [
            RouteError.Of(DialectError.BadRequest("inventoryItem.revision is required."),
                "`inventoryItem` or its `revision` is missing, its `id` is not the one in the path, or `reason` is not valid."),
            ItemError(InventoryErrorCode.InventoryItemNotFound, $"Inventory item '{OtherItemId}' was not found.", "No item has this id in the key's tenant."),
            ItemError(InventoryErrorCode.RevisionMismatch, "Revision 1 is not the current revision 2.", "The revision quoted is not the current one (`REVISION_MISMATCH`)."),
            ItemError(InventoryErrorCode.RequestedQuantityMustBeNonNegativeDecreasing, "Quantity -1 would create or deepen negative stock (current 5).",
                "Another rule of the contract: `REQUESTED_QUANTITY_MUST_BE_NON_NEGATIVE_DECREASING`, `PRE_ORDER_VALIDATION`."),
            ItemUnavailable,
        ],
    };

    public static RouteDoc Delete { get; } = new()
    {
        Summary = "Delete an inventory item",
        Description = $$"""
            Deletes the item: its last change (a revision and a ledger entry). It then answers 404
            everywhere, its variant at its location is free for a new item, and its id is not reused.
            Answers `{}`. {{ItemErrors}}
            """,
        Response = typeof(WixEmptyResponse),
        ResponseExample = new WixEmptyResponse(),
        Errors =
        [
            RouteError.Of(DialectError.BadRequest("The inventory item id is not valid."), "The id is blank or longer than 256 characters."),
            ItemError(InventoryErrorCode.InventoryItemNotFound, $"Inventory item '{OtherItemId}' was not found.",
                "No item has this id in the key's tenant, or it is deleted already."),
            ItemUnavailable,
        ],
    };

    public static RouteDoc BulkDelete { get; } = new()
    {
        Summary = "Delete inventory items in bulk",
        Description = $"Deletes 1 to {BulkPipeline.MaxEntries} items, each as a single deletion; results carry no item. {BulkAnswer}",
        RequestExample = new WixBulkDeleteRequest([ItemId, OtherItemId]),
        Response = typeof(WixBulkResponse),
        ResponseExample = Bulk(returnEntity: false,
            new ItemApplied(ItemId, 3, null),
            ItemOutcome.Rejected(OtherItemId, InventoryErrorCode.InventoryItemNotFound, $"Inventory item '{OtherItemId}' was not found.")),
        Errors = [CountError("inventoryItemIds")],
    };

    public static RouteDoc BulkUpsert { get; } = new()
    {
        Summary = "Create or update inventory items by variant and location",
        Description = $"""
            For each of 1 to {BulkPipeline.MaxEntries} entries, names the item by `variantId` and `locationId`
            (absent: `default`): a new one is created with every field given; an existing one gets the
            fields of `fieldMask` (all given fields without one) at whatever revision it is. Each variant
            and location may be named once per request (else `DUPLICATE_BULK_UPSERT_KEY`, and nothing
            changes). {BulkAnswer}
            """,
        RequestExample = new WixBulkUpsertRequest(
            [new WixUpdateEntry(new WixInventoryItem { VariantId = "v1", Quantity = 12 }, "quantity"), new WixUpdateEntry(new WixInventoryItem { VariantId = "v3", Quantity = 2 })],
            ReturnEntity: false),
        Response = typeof(WixBulkResponse),
        ResponseExample = Bulk(returnEntity: false, new ItemApplied(ItemId, 2, null), new ItemApplied(OtherItemId, 1, null)),
        Errors =
        [
            CountError("inventoryItems"),
            RouteError.WithBody(StatusCodes.Status400BadRequest,
                WixValidationErrorBody.Of("1 entry names a variant and location an earlier entry names; nothing was changed.",
                    [new WixFieldViolation("inventoryItems[1].inventoryItem.variantId", "Entry 1 names variant 'v1' at location 'default' as entry 0 does; upsert each variant and location once.", "OTHER", "DUPLICATE_BULK_UPSERT_KEY")]),
                "Two entries name the same variant at the same location (`DUPLICATE_BULK_UPSERT_KEY` in `details.validationError.fieldViolations`): nothing is changed."),
        ],
    };

    public static RouteDoc BulkDecrementByVariant { get; } = new()
    {
        Summary = "Decrement inventory in bulk by variant and location",
        Description = $"The decrement of the bulk decrement route, for 1 to {BulkPipeline.MaxEntries} entries. {ByVariant} {ReasonField} {BulkAnswer}",
        RequestExample = new WixBulkVariantDecrementRequest([new WixVariantDecrementEntry("v1", "default", 1, null)], RestrictInventory: true, "ORDER", ReturnEntity: false),
        Response = typeof(WixBulkResponse),
        ResponseExample = WixInventoryEndpoints.ToResponse(
            [BulkOutcome.Answered(0, ItemOutcome.Rejected("", InventoryErrorCode.InventoryItemNotFound, "No item is registered under the identifiers given."))],
            returnEntity: false, namedByVariant: true),
        Errors = [CountError("decrementData"), ReasonError],
    };

    public static RouteDoc BulkIncrementByVariant { get; } = new()
    {
        Summary = "Increment inventory in bulk by variant and location",
        Description = $"The increment of the bulk increment route, for 1 to {BulkPipeline.MaxEntries} entries. {ByVariant} {ReasonField} {BulkAnswer}",
        RequestExample = new WixBulkVariantIncrementRequest([new WixVariantIncrementEntry("v1", null, 3)], "MANUAL", ReturnEntity: true),
        Response = typeof(WixBulkResponse),
        ResponseExample = Bulk(returnEntity: true, Ok(ItemId, 2) with { Item = Item with { Revision = 2, Quantity = 8 } }),
        Errors = [CountError("incrementData"), ReasonError],
    };

    private static RouteError CountError(string array) => RouteError.Of(
        BulkPipeline.CheckCount(0, array)!, $"`{array}` is missing or empty, or holds more than {BulkPipeline.MaxEntries} entries.");

    /// <summary>An item error as the single-item routes answer it: status and body from the route's own mapping.</summary>
    private static RouteError ItemError(InventoryErrorCode code, string description, string when)
    {
        var result = WixInventoryEndpoints.ItemError(new InventoryError(code, description));
        return RouteError.WithBody(result.StatusCode!.Value, result.Value!, when);
    }

    private static ItemApplied Ok(string id, long revision) => new(id, revision, Item with { Id = id, Revision = revision });

    private static WixBulkResponse Bulk(bool returnEntity, params ItemOutcome[] results) =>
        WixInventoryEndpoints.ToResponse([.. results.Select((result, index) => BulkOutcome.Answered(index, result))], returnEntity);
}
