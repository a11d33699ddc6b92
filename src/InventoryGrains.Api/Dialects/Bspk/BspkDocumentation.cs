using InventoryGrains.Api.Edge;
using InventoryGrains.Api.Edge.OpenApi;

namespace InventoryGrains.Api.Dialects.Bspk;

/// <summary>The API reference of the BSPK route.</summary>
public static class BspkDocs
{
    private static BspkInventoryRecord Record(string productRef, int quantity, string at) => new(productRef, "sku-123", quantity, "str1", at);

    public static RouteDoc Batch { get; } = new()
    {
        Summary = "Create or update inventories in a batch",
        Description = $"""
            Each record creates the item of its (`sku`, `store_ref`) when there is none, with `product_ref`
            as its product, or sets its quantity when `at` is later than the last record applied to it.
            A record that is not later changes nothing and is a `warning` (`stale: …`); a `product_ref`
            other than the item's is an `error` (`product_mismatch: …`). All five fields are required per
            record; a record missing some fails on its own. Records for the same (`sku`, `store_ref`) apply
            in request order, others concurrently. The batch `status` is `ok` (all ok), `warning` (no error,
            some warnings), `partial` (some errors) or `error` (all errors). 1 to {BulkPipeline.MaxEntries} records; always rate limited.
            """,
        RequestExample = new BspkBatchRequest(
        [
            Record("prd-123", 10, "2021-01-01T00:00:00Z"),
            Record("prd-123", 8, "2021-01-02T00:00:00Z"),
            Record("prd-123", 3, "2021-01-01T12:00:00Z"),
            Record("prd-999", 3, "2021-01-03T00:00:00Z"),
        ]),
        Response = typeof(BspkBatchResponse),
        ResponseExample = new BspkBatchResponse("partial",
        [
            new BspkEntryResult(0, "ok", "created"),
            new BspkEntryResult(1, "ok", "updated"),
            new BspkEntryResult(2, "warning", "stale: A record effective at 2021-01-02T00:00:00.0000000+00:00 is already applied; this one is effective at 2021-01-01T12:00:00.0000000+00:00."),
            new BspkEntryResult(3, "error", "product_mismatch: The item belongs to product 'prd-123', not 'prd-999'."),
        ]),
        Errors =
        [
            RouteError.Of(BulkPipeline.CheckCount(BulkPipeline.MaxEntries + 1, "inventories")!, $"More than {BulkPipeline.MaxEntries} records."),
            RouteError.Of(BulkPipeline.CheckCount(0, "inventories", emptyStatus: StatusCodes.Status422UnprocessableEntity)!, "`inventories` is missing or empty."),
        ],
    };
}
