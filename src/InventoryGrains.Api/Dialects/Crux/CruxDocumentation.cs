using InventoryGrains.Api.Edge;
using InventoryGrains.Api.Edge.OpenApi;

namespace InventoryGrains.Api.Dialects.Crux;

/// <summary>The API reference of the Crux routes.</summary>
public static class CruxDocs
{
    private const string Identifiers = "Every identifier an element gives (`sku_id`, `upca`, `ean13`, `gtin14`, `isbn`) must name the same SKU; SKUs live at the location `default`.";

    private const string Answer = "The answer is 200 with one status per element, at the element's position, whenever the body is an array of 1 to 1000 elements; "
        + "an element with a bad shape fails alone with `status_code` 400 and a message naming the field.";

    private static readonly RouteError NotAnArray = RouteError.Of(DialectError.BadRequest("The body must be a JSON array of SKU objects."), "The body is not a JSON array.");

    private static readonly RouteError Count = RouteError.Of(BulkPipeline.CheckCount(0, "The array")!, $"The array is empty, or holds more than {BulkPipeline.MaxEntries} elements.");

    public static RouteDoc Create { get; } = new()
    {
        Summary = "Create SKUs",
        Description = $"""
            Creates one inventory item per element, registered under every identifier the element gives.
            The item's variant id is the first identifier present in the order `sku_id`, `upca`, `ean13`,
            `gtin14`, `isbn`; `quantity_in_stock` defaults to 0. An identifier already registered is 409
            for that element (two elements naming the same new SKU create it once). {Identifiers} {Answer}
            """,
        Request = typeof(List<CruxSkuElement>),
        RequestExample = new List<CruxSkuElement>
        {
            new(SkuId: "xkuOwSQ3utl", QuantityInStock: 5),
            new(SkuId: "2mNh6Gvwgl7LjmZj", Upca: "012345678905"),
            new(SkuId: "xkuOwSQ3utl"),
        },
        Response = typeof(List<CruxElementStatus>),
        ResponseExample = new List<CruxElementStatus>
        {
            new(StatusCodes.Status201Created, "created", "6e1f3c2a-9b7d-4f0e-8a5c-1d2b3c4e5f60"),
            new(StatusCodes.Status201Created, "created", "a7c9e1b3-5d2f-4a6b-9c8d-0e1f2a3b4c5d"),
            new(StatusCodes.Status409Conflict, "Some of the identifiers are already registered at location 'default'."),
        },
        Errors = [NotAnArray, Count],
    };

    public static RouteDoc BulkInventory { get; } = new()
    {
        Summary = "Update SKU inventory in bulk",
        Description = $"""
            Sets the stock of existing SKUs: each element names its SKU and gives at least one of
            `quantity_in_stock` (a set under the quantity rules), `quantity_on_backorder` and
            `restrictions` (`discontd`, `tmpunavail`, or `null` to clear). Each applied element is one
            change with reason `SYNC`. An unknown SKU is 404 for that element; a broken rule is 400 with
            `CODE: description`. {Identifiers} {Answer}
            """,
        Request = typeof(List<CruxSkuElement>),
        RequestExample = new List<CruxSkuElement>
        {
            new(SkuId: "xkuOwSQ3utl", QuantityInStock: 512),
            new(SkuId: "2mNh6Gvwgl7LjmZj", QuantityInStock: 101, QuantityOnBackorder: 12),
            new(SkuId: "NON-EXISTENT", QuantityInStock: 13),
            new(Ean13: "0012345678905", Restrictions: "tmpunavail"),
        },
        Response = typeof(List<CruxElementStatus>),
        ResponseExample = new List<CruxElementStatus>
        {
            new(StatusCodes.Status200OK, "success"),
            new(StatusCodes.Status200OK, "success"),
            new(StatusCodes.Status404NotFound, "No sku found with sku identifier: {'sku_id': 'NON-EXISTENT'}; Valid identifiers: sku_id, upca, ean13, gtin14, isbn"),
            new(StatusCodes.Status200OK, "success"),
        },
        Errors = [NotAnArray, Count],
    };
}
