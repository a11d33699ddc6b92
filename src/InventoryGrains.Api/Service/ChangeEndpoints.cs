using System.Buffers.Text;
using System.Globalization;
using System.Text;
using InventoryGrains.Abstractions.Inventory;
using InventoryGrains.Abstractions.Inventory.Changes;
using InventoryGrains.Api.Authentication;
using InventoryGrains.Api.Edge;
using InventoryGrains.Api.Edge.Cursors;
using InventoryGrains.Api.Edge.OpenApi;
using InventoryGrains.Domain.Items;

namespace InventoryGrains.Api.Service;

/// <summary>
/// The ledger over HTTP: <c>GET /v1/inventory-items/{id}/changes</c> (one item's changes, oldest
/// first) and <c>GET /v1/changes</c> (the tenant's feed). Cursors are opaque (base64url of the
/// store's position).
/// </summary>
public static class ChangeEndpoints
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 1000;

    public static IEndpointRouteBuilder MapChangeEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/v1/inventory-items/{id}/changes", ItemChangesAsync)
            .AcceptsQuery("cursor", "limit")
            .WithName("GetInventoryItemChanges")
            .WithTags(ProblemDetailsDialect.Instance.Tag)
            .Documented(new RouteDoc
            {
                Summary = "An item's ledger: every change since its creation, oldest first",
                Description = $"""
                    Each change with its revision, reason, dialect, operation id, time and fields before → after
                    (field names as in the Wix item), `limit` (1–{MaxLimit}, default {DefaultLimit}) at a time;
                    follow `nextCursor` until it is null. A deleted item's ledger ends with its deletion.
                    """,
                Response = typeof(ChangesResponse),
                ResponseExample = new ChangesResponse([Example], null),
                Errors =
                [
                    RouteError.Of(DialectError.BadRequest("limit must be 1 to 1000."), "`limit` or `cursor` is not valid."),
                    RouteError.Of(DialectError.NotFound("Inventory item 'x' has no changes."), "No item has this id in the key's tenant."),
                    RouteError.Of(new DialectError(StatusCodes.Status501NotImplemented, DialectErrorCode.InvalidArgument, "The configured item storage keeps no ledger."),
                        "The items are kept by the ADO.NET grain storage, which keeps no ledger."),
                ],
            });
        endpoints.MapGet("/v1/changes", FeedAsync)
            .AcceptsQuery("cursor", "limit")
            .WithName("GetChanges")
            .WithTags(ProblemDetailsDialect.Instance.Tag)
            .Documented(new RouteDoc
            {
                Summary = "The tenant's change feed",
                Description = $"""
                    Every acknowledged change of every item of the tenant, in the order they were stored, each
                    item's in revision order, `limit` (1–{MaxLimit}, default {DefaultLimit}) at a time. Following
                    `nextCursor` from the start (no cursor) meets every change exactly once, also one whose commit
                    came after a later one's. `nextCursor` is always given: at the end of the feed it is where new
                    changes will appear, to be polled.
                    """,
                Response = typeof(ChangesResponse),
                ResponseExample = new ChangesResponse([Example], "MTIzOjQ"),
                Errors =
                [
                    RouteError.Of(DialectError.BadRequest("limit must be 1 to 1000."), "`limit` or `cursor` is not valid."),
                    RouteError.Of(new DialectError(StatusCodes.Status501NotImplemented, DialectErrorCode.InvalidArgument, "The configured item storage keeps no ledger."),
                        "The items are kept by the ADO.NET grain storage, which keeps no ledger."),
                ],
            });
        return endpoints;
    }

    private static readonly ChangeDocument Example = new("000c47f6-345a-49ff-8503-c1d26469206f", 2, "decrement", "ORDER", null, "wix", null,
        new DateTimeOffset(2026, 3, 1, 10, 0, 0, TimeSpan.Zero), new Dictionary<string, FieldChangeDocument> { ["quantity"] = new(5, 4) });

    private static async Task<IResult> ItemChangesAsync(string id, string? cursor, int? limit, HttpContext context, IGrainFactory grains, CursorSeal seal)
    {
        if (CheckLimit(limit) is { } bad)
        {
            return bad;
        }

        // An item's cursor is sealed for that item: it opens on no other item's ledger.
        var route = $"ledger/{id}";
        var tenant = context.User.GetTenant();
        long after = 0;
        if (cursor is not null && (!seal.TryOpen(route, tenant, cursor, out var text) || !long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out after)))
        {
            return BadRequest("cursor is not one this route gave.");
        }

        var take = limit ?? DefaultLimit;
        IReadOnlyList<ChangeLogEntry> changes;
        try
        {
            changes = await grains.Changes().ReadItemChangesAsync(tenant, id, after, take, context.RequestAborted);
        }
        catch (NotSupportedException exception)
        {
            return Unsupported(exception);
        }

        if (changes.Count == 0 && cursor is null)
        {
            return ProblemDetailsDialect.Instance.ErrorResult(DialectError.NotFound($"Inventory item '{id}' has no changes."));
        }

        var next = changes.Count == take ? seal.Seal(route, tenant, changes[^1].Revision.ToString(CultureInfo.InvariantCulture)) : null;
        return TypedResults.Ok(new ChangesResponse([.. changes.Select(change => ChangeDocument.From(id, change))], next));
    }

    private static async Task<IResult> FeedAsync(string? cursor, int? limit, HttpContext context, IGrainFactory grains, CursorSeal seal)
    {
        if (CheckLimit(limit) is { } bad)
        {
            return bad;
        }

        // A feed position is a place in every tenant's changes: sealed, it shows none of theirs.
        var tenant = context.User.GetTenant();
        string? position = null;
        if (cursor is not null)
        {
            if (!seal.TryOpen(FeedRoute, tenant, cursor, out var opened))
            {
                return BadRequest("cursor is not one this route gave.");
            }

            position = opened;
        }

        FeedPage page;
        try
        {
            page = await grains.Changes().ReadFeedAsync(tenant, position, limit ?? DefaultLimit, context.RequestAborted);
        }
        catch (NotSupportedException exception)
        {
            return Unsupported(exception);
        }
        catch (ArgumentException)
        {
            return BadRequest("cursor is not one this route gave.");
        }

        // At the start of an empty feed there is no position yet: the next poll starts at the start again.
        return TypedResults.Ok(new ChangesResponse(
            [.. page.Changes.Select(change => ChangeDocument.From(change.ItemId, change.Change))],
            page.Position is null ? null : seal.Seal(FeedRoute, tenant, page.Position)));
    }

    private static IResult? CheckLimit(int? limit) =>
        limit is < 1 or > MaxLimit ? BadRequest($"limit must be 1 to {MaxLimit}.") : null;

    private static IResult BadRequest(string message) => ProblemDetailsDialect.Instance.ErrorResult(DialectError.BadRequest(message));

    private static IResult Unsupported(NotSupportedException exception) =>
        ProblemDetailsDialect.Instance.ErrorResult(new DialectError(StatusCodes.Status501NotImplemented, DialectErrorCode.InvalidArgument, exception.Message));

    private const string FeedRoute = "feed";

    /// <param name="NextCursor">The item ledger: null after its last change. The feed: always where the next page starts.</param>
    /// <param name="NextCursor">Where the next page starts; <c>null</c> (written, not left out) after the last.</param>
    public sealed record ChangesResponse(List<ChangeDocument> Changes, [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.Never)] string? NextCursor);
}
