using System.Buffers.Text;
using System.Text.Json;
using InventoryGrains.Abstractions.Inventory.Queries;
using InventoryGrains.Api.Authentication;
using InventoryGrains.Api.Edge;
using InventoryGrains.Api.Edge.Cursors;
using InventoryGrains.Api.Edge.Text;
using InventoryGrains.Api.Edge.OpenApi;

namespace InventoryGrains.Api.Dialects.Wix;

/// <summary>
/// queryInventoryItems, searchInventoryItems and countInventoryItems of the Wix SDK. Each route takes
/// a GET with the request as <c>.r</c> (base64url JSON, what the SDK sends), a GET without
/// parameters (an empty request), or a POST with the request as its JSON body (the SDK's fallback
/// for long requests, and the REST documentation's form).
/// </summary>
public static class WixQueryEndpoints
{
    /// <summary>
    /// Maps the routes onto the Wix dialect's <c>/stores/v3</c> group, GET and POST as endpoints of
    /// their own (one operation id each). Literal segments take precedence over <c>/inventory-items/{id}</c>.
    /// </summary>
    public static IEndpointRouteBuilder MapWixQueryEndpoints(this IEndpointRouteBuilder wix)
    {
        wix.MapGet("/inventory-items/query", QueryAsync).WithName("WixQueryInventoryItems").ReadOnly(WixQueryDocs.Query(byPost: false));
        wix.MapPost("/inventory-items/query", QueryAsync).WithName("WixQueryInventoryItemsByPost").ReadOnly(WixQueryDocs.Query(byPost: true));
        wix.MapGet("/inventory-items/search", SearchAsync).WithName("WixSearchInventoryItems").ReadOnly(WixQueryDocs.Search(byPost: false));
        wix.MapPost("/inventory-items/search", SearchAsync).WithName("WixSearchInventoryItemsByPost").ReadOnly(WixQueryDocs.Search(byPost: true));
        wix.MapGet("/inventory-items/count", CountAsync).WithName("WixCountInventoryItems").ReadOnly(WixQueryDocs.Count(byPost: false));
        wix.MapPost("/inventory-items/count", CountAsync).WithName("WixCountInventoryItemsByPost").ReadOnly(WixQueryDocs.Count(byPost: true));
        return wix;
    }

    private static RouteHandlerBuilder ReadOnly(this RouteHandlerBuilder route, RouteDoc doc) =>
        route.WithMetadata(ReadOnlyRoute.Instance).Documented(doc);

    private static Task<IResult> QueryAsync(HttpContext context, IGrainFactory grains) =>
        RespondAsync(context, async request =>
        {
            var query = Request(request, "query");
            var (items, paging) = await PageAsync(context, grains, ReadPage(query, "query", WixQueryParser.DefaultQueryLimit, context).Query);
            return TypedResults.Ok(new WixQueryResponse(items, paging));
        });

    private static Task<IResult> SearchAsync(HttpContext context, IGrainFactory grains) =>
        RespondAsync(context, async request =>
        {
            var search = Request(request, "search");
            WixQueryParser.RefuseSearchExpression(search, "search");
            var aggregations = WixQueryParser.Aggregations(search, "search");
            var (paged, filter) = ReadPage(search, "search", WixQueryParser.DefaultSearchLimit, context);
            var queries = grains.ItemQueries();
            var tenant = context.User.GetTenant();

            // The aggregations summarise every item the filter selects, not the page: two calls, at once.
            var aggregated = aggregations.Count == 0
                ? Task.FromResult<IReadOnlyList<AggregationResult>>([])
                : queries.AggregateAsync(tenant, filter, [.. aggregations.Select(a => a.Aggregation)], context.RequestAborted);
            var (items, paging) = await PageAsync(context, grains, paged);
            var results = await aggregated;
            var data = aggregations.Count == 0 ? null : new WixAggregationData([.. aggregations.Zip(results, ToWix)]);
            return TypedResults.Ok(new WixSearchResponse(items, paging, data));
        });

    private static Task<IResult> CountAsync(HttpContext context, IGrainFactory grains) =>
        RespondAsync(context, async request =>
        {
            WixQueryParser.RefuseSearchExpression(request, null);
            var filter = WixQueryParser.Filter(WixQueryParser.Optional(request, "filter") ?? default, "filter");
            var count = await grains.ItemQueries().CountAsync(context.User.GetTenant(), filter, context.RequestAborted);
            return TypedResults.Ok(new WixCountResponse(count));
        });

    /// <summary>The caller's tenant's seal: a cursor opens for the tenant it was given to only.</summary>
    private static WixQueryCursor.TenantSeal Seal(HttpContext context) =>
        new(context.RequestServices.GetRequiredService<CursorSeal>(), context.User.GetTenant());

    private static async Task<(List<WixInventoryItem> Items, WixPagingMetadata Paging)> PageAsync(HttpContext context, IGrainFactory grains, ItemQuery query)
    {
        var page = await grains.ItemQueries().QueryAsync(context.User.GetTenant(), query, context.RequestAborted);
        var next = page.Next is { } after ? WixQueryCursor.Encode(query, after, Seal(context)) : null;
        return ([.. page.Items.Select(WixMapping.ToWix)], new WixPagingMetadata(page.Items.Count, new WixCursors(next), next is not null));
    }

    /// <summary>
    /// The page a request asks for. With a cursor, the filter and order are the cursor's (as in Wix,
    /// a cursor's query cannot be changed; any filter or sort beside it is ignored) and only the
    /// limit may be given anew.
    /// </summary>
    private static (ItemQuery Query, ItemFilter? Filter) ReadPage(JsonElement request, string path, int defaultLimit, HttpContext context)
    {
        var (limit, cursor) = WixQueryParser.Paging(request, path);
        if (cursor is not null)
        {
            var continued = WixQueryCursor.Decode(cursor, $"{path}.cursorPaging.cursor", Seal(context));
            continued = continued with { Limit = limit ?? continued.Limit };
            return (continued, continued.Filter);
        }

        var filter = WixQueryParser.Filter(WixQueryParser.Optional(request, "filter") ?? default, $"{path}.filter");
        var sort = WixQueryParser.Sort(WixQueryParser.Optional(request, "sort") ?? default, $"{path}.sort");
        return (new ItemQuery(filter, sort, limit ?? defaultLimit), filter);
    }

    /// <summary>The object under <paramref name="name"/> (<c>query</c>, <c>search</c>), or an empty one.</summary>
    private static JsonElement Request(JsonElement request, string name) => WixQueryParser.Optional(request, name) switch
    {
        null => default,
        { ValueKind: JsonValueKind.Object } inner => inner,
        _ => throw new WixQueryException(name, $"{name} must be an object."),
    };

    /// <summary>
    /// Reads the request (<c>.r</c>, a body, or nothing), runs <paramref name="respond"/>, and turns
    /// a request that cannot be run into a 400 in the Wix shape, never a 500.
    /// </summary>
    private static async Task<IResult> RespondAsync(HttpContext context, Func<JsonElement, Task<IResult>> respond)
    {
        try
        {
            using var document = await ReadAsync(context.Request);
            return await respond(document?.RootElement ?? default);
        }
        catch (WixQueryException exception)
        {
            return TypedResults.Json(
                WixErrorBody.Of(WixDialect.Code(DialectErrorCode.InvalidArgument), exception.Message, new Dictionary<string, string> { ["field"] = exception.Field }),
                WixDialect.Instance.Json, statusCode: StatusCodes.Status400BadRequest);
        }
        catch (ArgumentException exception)
        {
            // The stores check queries again; what the parser let through and they refuse is still the caller's.
            return WixDialect.Instance.ErrorResult(DialectError.BadRequest(exception.Message));
        }
        catch (NotSupportedException exception)
        {
            return TypedResults.Json(WixErrorBody.Of("UNIMPLEMENTED", exception.Message), WixDialect.Instance.Json, statusCode: StatusCodes.Status501NotImplemented);
        }
    }

    /// <summary>The request as JSON: the <c>.r</c> parameter of a GET, the body of a POST, or null for none.</summary>
    private static async Task<JsonDocument?> ReadAsync(HttpRequest request)
    {
        var options = new JsonDocumentOptions { MaxDepth = 64 };
        if (HttpMethods.IsGet(request.Method))
        {
            var encoded = request.Query[".r"];
            if (encoded.Count == 0)
            {
                return null;
            }

            byte[] json;
            try
            {
                json = encoded.Count == 1 ? Base64Url.DecodeFromChars(encoded.ToString()) : throw new FormatException();
            }
            catch (FormatException)
            {
                throw new WixQueryException(".r", ".r must be one base64url-encoded JSON request.");
            }

            // The body's text rules, for the request carried in the query string.
            if (JsonBodyText.FindProblem(json) is { } problem)
            {
                throw new WixQueryException(".r", $".r: {problem.Message}");
            }

            return Parse(() => JsonDocument.Parse(json, options), ".r");
        }

        using var body = new MemoryStream();
        await request.Body.CopyToAsync(body, request.HttpContext.RequestAborted);
        if (body.Length == 0)
        {
            return null;
        }

        return Parse(() => JsonDocument.Parse(body.ToArray(), options), "body");
    }

    private static JsonDocument Parse(Func<JsonDocument> parse, string where)
    {
        JsonDocument document;
        try
        {
            document = parse();
        }
        catch (JsonException)
        {
            throw new WixQueryException(where, "The request is not valid JSON.");
        }

        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            document.Dispose();
            throw new WixQueryException(where, "The request must be a JSON object.");
        }

        return document;
    }

    private static WixAggregationResult ToWix(WixAggregationRequest request, AggregationResult result)
    {
        var wix = new WixAggregationResult(request.Name, request.Type, request.FieldPath);
        return result switch
        {
            ValueAggregationResult values => wix with { Values = new WixValueResults([.. values.Values.Select(v => new WixValueResult(v.Value.ToString(), v.Count))]) },
            RangeAggregationResult ranges => wix with
            {
                Ranges = new WixRangeResults([.. ((RangeAggregation)request.Aggregation).Buckets.Zip(ranges.Counts, (bucket, count) => new WixRangeResult(bucket.From, bucket.To, count))]),
            },
            ScalarAggregationResult scalar => wix with { Scalar = new WixScalarResult(((ScalarAggregation)request.Aggregation).Kind switch
            {
                ScalarKind.CountDistinct => "COUNT_DISTINCT",
                ScalarKind.Min => "MIN",
                ScalarKind.Max => "MAX",
                ScalarKind.Sum => "SUM",
                _ => "AVG",
            }, scalar.Value) },
            _ => wix,
        };
    }
}
