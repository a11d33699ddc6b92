using System.Text.Json;
using InventoryGrains.Api.Edge;
using InventoryGrains.Api.Edge.OpenApi;

namespace InventoryGrains.Api.Dialects.Wix;

// The shapes of query, search and count requests, for the API reference only: the routes read the
// request as a JSON document (WixQueryParser), since filters are open-ended objects.

/// <param name="Filter">Wix API query language: <c>{"quantity": {"$gt": 0}, "locationId": "default"}</c>.</param>
public sealed record WixQuerySpec(JsonElement? Filter, List<WixSorting>? Sort, WixCursorPaging? CursorPaging);

public sealed record WixSorting(string FieldName, string? Order);

/// <param name="Cursor">The <c>cursors.next</c> of the last page: it carries the filter and order, which are not sent again.</param>
public sealed record WixCursorPaging(int? Limit, string? Cursor);

public sealed record WixQueryRequest(WixQuerySpec? Query);

/// <param name="Aggregations">VALUE, RANGE or SCALAR aggregations over every item the filter selects.</param>
public sealed record WixSearchSpec(JsonElement? Filter, List<WixSorting>? Sort, WixCursorPaging? CursorPaging, List<JsonElement>? Aggregations);

public sealed record WixSearchRequest(WixSearchSpec? Search);

public sealed record WixCountRequest(JsonElement? Filter);

/// <summary>The API reference of the query, search and count routes.</summary>
public static class WixQueryDocs
{
    private const string Forms = "The request comes as `.r` (the request JSON in unpadded base64url: what the SDK sends), "
        + "as no parameter (an empty request), or as the JSON body of a `POST` (the SDK's form for long requests). ";

    private const string Reading = "Items are read from the item store as last stored; a deleted item is never listed. "
        + "A filter, sort or cursor that cannot be read is a 400 naming the field in `data.field`; under the ADO.NET item storage, which cannot be queried, 501.";

    private static readonly JsonElement ExampleFilter = JsonDocument.Parse("""{"quantity":{"$gt":0},"locationId":"default"}""").RootElement.Clone();

    private static readonly WixInventoryItem ExampleItem = new()
    {
        Id = "000c47f6-345a-49ff-8503-c1d26469206f",
        Revision = 3,
        TrackQuantity = true,
        Quantity = 5,
        VariantId = "v1",
        LocationId = "default",
        AvailabilityStatus = "IN_STOCK",
        CreatedDate = new DateTimeOffset(2026, 3, 1, 10, 0, 0, TimeSpan.Zero),
        UpdatedDate = new DateTimeOffset(2026, 3, 2, 10, 0, 0, TimeSpan.Zero),
    };

    private static readonly WixPagingMetadata ExamplePaging = new(1, new WixCursors("eyJxdWVyeSI6eyJmaWx0ZXIiOnt9fX0"), HasNext: true);

    private static IReadOnlyList<RouteError> Errors { get; } =
    [
        RouteError.WithBody(StatusCodes.Status400BadRequest,
            WixErrorBody.Of(WixDialect.Code(DialectErrorCode.InvalidArgument), "product.name is not held by this service.", new Dictionary<string, string> { ["field"] = "query.filter.product.name" }),
            "The request cannot be read: bad `.r`, an unknown field or operator, a value of the wrong type, a malformed cursor (`data.field` names where)."),
        RouteError.WithBody(StatusCodes.Status501NotImplemented, WixErrorBody.Of("UNIMPLEMENTED", "The configured item store cannot be queried."),
            "The items are kept by the ADO.NET grain storage, which cannot be queried."),
    ];

    public static RouteDoc Query(bool byPost) => new()
    {
        Summary = byPost ? "Query inventory items (request as a body)" : "Query inventory items",
        Description = Forms + "Filter, sort (default: newest first) and cursor paging (`limit` 1–1000, default 50); "
            + "the last page has no `cursors.next`. " + Reading,
        Request = byPost ? typeof(WixQueryRequest) : null,
        RequestExample = byPost ? new WixQueryRequest(new WixQuerySpec(ExampleFilter, [new WixSorting("createdDate", "DESC")], new WixCursorPaging(50, null))) : null,
        Response = typeof(WixQueryResponse),
        ResponseExample = new WixQueryResponse([ExampleItem], ExamplePaging),
        Errors = Errors,
    };

    public static RouteDoc Search(bool byPost) => new()
    {
        Summary = byPost ? "Search inventory items (request as a body)" : "Search inventory items",
        Description = Forms + "As query (`limit` default 100), plus `aggregations` (VALUE, RANGE, SCALAR) over every item the filter selects. "
            + "A free-text `search.expression` is a 400: the product names and SKUs it searches are not held by this service. " + Reading,
        Request = byPost ? typeof(WixSearchRequest) : null,
        RequestExample = byPost ? new WixSearchRequest(new WixSearchSpec(ExampleFilter, null, new WixCursorPaging(100, null), null)) : null,
        Response = typeof(WixSearchResponse),
        ResponseExample = new WixSearchResponse([ExampleItem], ExamplePaging, null),
        Errors = Errors,
    };

    public static RouteDoc Count(bool byPost) => new()
    {
        Summary = byPost ? "Count inventory items (request as a body)" : "Count inventory items",
        Description = Forms + "How many items the filter selects (all the tenant's without one). " + Reading,
        Request = byPost ? typeof(WixCountRequest) : null,
        RequestExample = byPost ? new WixCountRequest(ExampleFilter) : null,
        Response = typeof(WixCountResponse),
        ResponseExample = new WixCountResponse(42),
        Errors = Errors,
    };
}
