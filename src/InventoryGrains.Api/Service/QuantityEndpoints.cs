using System.Text.Json;
using InventoryGrains.Abstractions.Inventory;
using InventoryGrains.Abstractions.Inventory.Quantities;
using InventoryGrains.Api.Authentication;
using InventoryGrains.Api.Edge;
using InventoryGrains.Api.Edge.Idempotency;
using InventoryGrains.Api.Edge.OpenApi;
using InventoryGrains.Domain.Items;

namespace InventoryGrains.Api.Service;

/// <summary>
/// Quantities by state (SPEC §15): <c>POST /v1/inventory-quantities/set</c>, <c>/adjust</c> and
/// <c>/move</c>, each all or nothing over its 1–250 lines, and <c>GET /v1/inventory-items/{id}</c>
/// with the item's quantities. The rules are the items'; these routes read the body, run the
/// operation, and put its outcome in the answer.
/// </summary>
public static class QuantityEndpoints
{
    private const string ExampleItem = "9a6a3c52-6f2e-4a51-a1f0-1d7c7d2a0b11";
    private const string OtherItem = "3f0e2b41-8c7d-4e6f-9a5b-2c1d0e9f8a7b";
    private static readonly DateTimeOffset ExampleTime = new(2026, 3, 1, 10, 0, 0, TimeSpan.Zero);

    public static IEndpointRouteBuilder MapQuantityEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/v1/inventory-items/{id}", GetItemAsync)
            .AcceptsQuery()
            .WithName("GetInventoryItem")
            .WithTags(ProblemDetailsDialect.Instance.Tag)
            .Documented(new RouteDoc
            {
                Summary = "An item with its quantities by state",
                Description = """
                    Every field of the item, its revision, and — when it is tracked — its eight quantities:
                    `available` (every dialect's `quantity`), `reserved`, `committed`, `damaged`, `safetyStock`,
                    `qualityControl`, `incoming`, and `onHand` (all but incoming). An untracked item has
                    `quantities: null` and `inStock`.
                    """,
                Response = typeof(InventoryItemDocument),
                ResponseExample = ExampleDocument,
                Errors = [RouteError.Of(DialectError.NotFound($"Inventory item '{ExampleItem}' was not found."), "No item has this id in the key's tenant.")],
            });
        endpoints.MapPost("/v1/inventory-quantities/set", SetAsync)
            .AcceptsQuery()
            .WithName("SetInventoryQuantities")
            .WithTags(ProblemDetailsDialect.Instance.Tag)
            .Documented(Operation(
                "Set quantities (available or onHand) on 1 to 250 lines, all or nothing",
                """
                Sets `name` on each line's item: `available` follows the quantity rule of every dialect (a set
                never creates or deepens negative stock, nor undercuts the preorder counter); setting `onHand`
                moves `available` by the difference.
                """,
                typeof(SetQuantitiesRequest),
                new SetQuantitiesRequest("available", "cycle_count_available", "gid://shop/Count/42",
                    [new SetQuantityRequestLine(ExampleItem, 12, 10), new SetQuantityRequestLine(OtherItem, 4, null)]),
                new QuantityChangesResponse(
                [
                    new QuantityChangeDocument(0, ExampleItem, "available", 2, 12, 8),
                    new QuantityChangeDocument(1, OtherItem, "available", -1, 4, 3),
                ])));
        endpoints.MapPost("/v1/inventory-quantities/adjust", AdjustAsync)
            .AcceptsQuery()
            .WithName("AdjustInventoryQuantities")
            .WithTags(ProblemDetailsDialect.Instance.Tag)
            .Documented(Operation(
                "Adjust a quantity by a delta on 1 to 250 lines, all or nothing",
                "Adds each line's `delta` to `name` on its item; no quantity but `available` goes below 0.",
                typeof(AdjustQuantitiesRequest),
                new AdjustQuantitiesRequest("damaged", "damaged", null, [new AdjustQuantityRequestLine(ExampleItem, 2, 0)]),
                new QuantityChangesResponse([new QuantityChangeDocument(0, ExampleItem, "damaged", 2, 2, 9)])));
        endpoints.MapPost("/v1/inventory-quantities/move", MoveAsync)
            .AcceptsQuery()
            .WithName("MoveInventoryQuantities")
            .WithTags(ProblemDetailsDialect.Instance.Tag)
            .Documented(Operation(
                "Move quantities between states on 1 to 250 lines, all or nothing",
                """
                Moves each line's `quantity` from one state to another on its item (`incoming` → `available` is
                receiving; `available` → `damaged` writes stock off as damaged). The state it leaves must hold it
                (`INSUFFICIENT_INVENTORY`). Each move is two entries in `changes`, one per state.
                """,
                typeof(MoveQuantitiesRequest),
                new MoveQuantitiesRequest("received", "gid://shop/Transfer/7",
                    [new MoveQuantityRequestLine(ExampleItem, 5, new QuantityEnd("incoming", 5), new QuantityEnd("available", null))]),
                new QuantityChangesResponse(
                [
                    new QuantityChangeDocument(0, ExampleItem, "incoming", -5, 0, 10),
                    new QuantityChangeDocument(0, ExampleItem, "available", 5, 17, 10),
                ])));
        return endpoints;
    }

    private static InventoryItemDocument ExampleDocument => new(
        ExampleItem, 7, "v-blue-m", "prod-tee", "default", true, null,
        new QuantitiesDocument(10, 2, 1, 0, 3, 0, 20, 16), "IN_STOCK", ExampleTime, ExampleTime.AddHours(3));

    private static RouteDoc Operation(string summary, string what, Type request, object requestExample, QuantityChangesResponse responseExample) => new()
    {
        Summary = summary,
        Description = $"""
            {what}
            Every line names an item and gives `changeFromQuantity`: the quantity the caller believes the
            state holds now (a different value is `CHANGE_FROM_QUANTITY_STALE`, with the current one), or
            `null` to change it whatever it holds. `reason` is one of Shopify's
            ({string.Join(", ", ChangeReasons.QuantityReasons.Select(ChangeReasons.Code))});
            `referenceDocumentUri` is optional. Either every line is applied or none is: the answer is then
            409 naming every line that could not be (`lines`: index, item, code, and the current quantity
            where the code concerns it). Each applied line is one change of its item (its own revision and
            ledger entry, with the reason and reference). With `Idempotency-Key`, a repeat applies nothing
            twice, also after a 503.
            """,
        Request = request,
        RequestExample = requestExample,
        Response = typeof(QuantityChangesResponse),
        ResponseExample = responseExample,
        Errors =
        [
            RouteError.Of(DialectError.BadRequest("quantities[0].changeFromQuantity is required: the quantity you believe it has now, or null to change it whatever it is.") with { Field = "quantities[0].changeFromQuantity" },
                "The body's shape: a field missing or of the wrong type, an unknown `reason` or `name`, no line or more than 250."),
            RouteError.WithBody(StatusCodes.Status409Conflict, ConflictExample,
                "Some line cannot be applied (every one is named in `lines`); nothing was applied.", "application/problem+json"),
            RouteError.Of(DialectError.Unavailable(), "The outcome is unknown: every line or none was applied. Repeat with the same `Idempotency-Key`."),
        ],
    };

    private static QuantityConflict ConflictExample => QuantityConflict.Of(
    [
        new QuantityLineProblem(0, ExampleItem, "CHANGE_FROM_QUANTITY_STALE", "available is 11, not 10 (changeFromQuantity).", 11),
    ]);

    private static async Task<IResult> GetItemAsync(string id, HttpContext context, IGrainFactory grains)
    {
        var item = await grains.GetGrain<IInventoryItemGrain>(InventoryItemKey.Format(context.User.GetTenant(), id)).GetAsync();
        return item is null
            ? ProblemDetailsDialect.Instance.ErrorResult(DialectError.NotFound($"Inventory item '{id}' was not found."))
            : TypedResults.Json(InventoryItemDocument.From(item), ProblemDetailsDialect.Instance.Json);
    }

    private static Task<IResult> SetAsync(JsonElement body, HttpContext context, IGrainFactory grains) =>
        RunAsync(QuantityRequests.ReadSet(body), context, grains);

    private static Task<IResult> AdjustAsync(JsonElement body, HttpContext context, IGrainFactory grains) =>
        RunAsync(QuantityRequests.ReadAdjust(body), context, grains);

    private static Task<IResult> MoveAsync(JsonElement body, HttpContext context, IGrainFactory grains) =>
        RunAsync(QuantityRequests.ReadMove(body), context, grains);

    private static async Task<IResult> RunAsync((QuantityRequests.Parsed? Request, DialectError? Problem) read, HttpContext context, IGrainFactory grains)
    {
        if (read.Request is not { } request)
        {
            return ProblemDetailsDialect.Instance.ErrorResult(read.Problem!);
        }

        var changeContext = new ChangeContext(request.Reason, ProblemDetailsDialect.Instance.Name)
        {
            ReturnItem = false,
            OperationId = context.OperationIdOf(0),
        };
        var outcome = await grains.QuantityOperations().ExecuteAsync(context.User.GetTenant(), request.Items, request.Reference, changeContext);
        return outcome.Match<IResult>(
            applied => TypedResults.Json(
                new QuantityChangesResponse([.. applied.Items
                    .SelectMany(item => item.Quantities.Select(change => new QuantityChangeDocument(
                        change.Index, item.ItemId, change.Name.Code(), change.Delta, change.QuantityAfterChange, change.Revision)))
                    .OrderBy(change => change.Index)]),
                ProblemDetailsDialect.Instance.Json),
            rejected => TypedResults.Json(QuantityConflict.Of(LineProblems(request, rejected)), ProblemDetailsDialect.Instance.Json, "application/problem+json", StatusCodes.Status409Conflict),
            unknown =>
            {
                context.NoteUnknownOutcome();
                return ProblemDetailsDialect.Instance.ErrorResult(DialectError.Unavailable() with { Message = unknown.Description });
            });
    }

    /// <summary>Every line that could not be applied: those an item named, or, when it refused as a whole, each of its lines.</summary>
    private static List<QuantityLineProblem> LineProblems(QuantityRequests.Parsed request, GroupRejected rejected)
    {
        var problems = new List<QuantityLineProblem>();
        foreach (var item in rejected.Items)
        {
            if (item.Lines.Count > 0)
            {
                problems.AddRange(item.Lines.Select(line => new QuantityLineProblem(line.Index, item.ItemId, line.Code.ContractName(), line.Description, line.Current)));
            }
            else
            {
                problems.AddRange(QuantityRequests.Lines(request)
                    .Where(line => string.Equals(line.ItemId, item.ItemId, StringComparison.Ordinal))
                    .Select(line => new QuantityLineProblem(line.Index, item.ItemId, item.Code.ContractName(), item.Error.Description, null)));
            }
        }

        return [.. problems.OrderBy(problem => problem.Index)];
    }
}
