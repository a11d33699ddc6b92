using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using InventoryGrains.Abstractions.Reservations;
using InventoryGrains.Api.Authentication;
using InventoryGrains.Api.Edge;
using InventoryGrains.Api.Edge.Cursors;
using InventoryGrains.Api.Edge.Idempotency;
using InventoryGrains.Api.Edge.OpenApi;
using InventoryGrains.Domain.Items;
using InventoryGrains.Domain.Reservations;

namespace InventoryGrains.Api.Service;

/// <summary>
/// Reservations (SPEC §15): create (all or nothing over 1–100 lines), read, list, and the
/// transitions confirm, release, fulfil, cancel and extend. Each reservation's grain decides; these
/// routes read the request, call it, and put its outcome in the answer.
/// </summary>
public static class ReservationEndpoints
{
    private const int DefaultLimit = 50;
    private const int MaxLimit = 500;
    private const string ExampleId = "chk-7f3a91";
    private const string ExampleItem = "9a6a3c52-6f2e-4a51-a1f0-1d7c7d2a0b11";
    private static readonly DateTimeOffset ExampleTime = new(2026, 3, 1, 10, 0, 0, TimeSpan.Zero);

    public static IEndpointRouteBuilder MapReservationEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/v1/reservations", CreateAsync)
            .AcceptsQuery()
            .WithName("CreateReservation")
            .WithTags(ProblemDetailsDialect.Instance.Tag)
            .Documented(new RouteDoc
            {
                Summary = "Hold stock for a checkout: 1 to 100 lines, all or nothing",
                Description = """
                    Moves each line's `quantity` from `available` to `reserved` on its item, on every line or on
                    none; the answer is 201 with the reservation, `held` until `expiresAt` (`expiresInSeconds`,
                    default 900, 1 to 604800). Then it is confirmed, released, or it expires by itself and its
                    quantities are available again. `id` is optional: the same id again answers the reservation
                    as it is (200), or 409 `RESERVATION_EXISTS` when the lines or the reference differ. Without an
                    id, an `Idempotency-Key` names it, so a repeat after a 503 finds the same reservation.
                    """,
                Request = typeof(CreateReservationRequest),
                RequestExample = new CreateReservationRequest(ExampleId, [new ReservationLineDocument(ExampleItem, 2)], 900, "gid://shop/Checkout/81"),
                Response = typeof(ReservationDocument),
                Status = StatusCodes.Status201Created,
                ResponseExample = Example(ReservationStatus.Held),
                Errors =
                [
                    RouteError.Of(DialectError.BadRequest("lines[0].quantity is required: a whole number from 1 to 2147483647.") with { Field = "lines[0].quantity" },
                        "The body's shape: a field missing or of the wrong type, no line or more than 100, an expiry out of range."),
                    RouteError.WithBody(StatusCodes.Status409Conflict, LinesExample,
                        "Some line cannot be held (each named in `lines`: an unknown or untracked item, or less available than asked); nothing was held. Or `RESERVATION_EXISTS`.",
                        "application/problem+json"),
                    RouteError.Of(DialectError.Unavailable(), "The outcome is unknown: every line or none is held. Repeat the same request (the same id or `Idempotency-Key`)."),
                ],
            });
        endpoints.MapGet("/v1/reservations", ListAsync)
            .AcceptsQuery("status", "reference", "cursor", "limit")
            .WithName("ListReservations")
            .WithTags(ProblemDetailsDialect.Instance.Tag)
            .Documented(new RouteDoc
            {
                Summary = "The tenant's reservations, newest first",
                Description = "Optionally of one `status` (held, confirmed, released, fulfilled, canceled, expired) or `reference`; `limit` 1 to 500 (default 50); `nextCursor` opens the next page.",
                Response = typeof(ReservationsResponse),
                ResponseExample = new ReservationsResponse([Example(ReservationStatus.Confirmed)], null),
                Errors = [RouteError.Of(DialectError.BadRequest("status must be one of held, confirmed, released, fulfilled, canceled, expired.") with { Field = "status" }, "`status`, `limit` or `cursor` is not valid.")],
            });
        endpoints.MapGet("/v1/reservations/{id}", GetAsync)
            .AcceptsQuery()
            .WithName("GetReservation")
            .WithTags(ProblemDetailsDialect.Instance.Tag)
            .Documented(new RouteDoc
            {
                Summary = "A reservation",
                Response = typeof(ReservationDocument),
                ResponseExample = Example(ReservationStatus.Held),
                Errors = [RouteError.Of(DialectError.NotFound($"Reservation '{ExampleId}' was not found."), "No reservation has this id in the key's tenant.")],
            });
        MapTransition(endpoints, "confirm", ReservationAction.Confirm, "Confirm a held reservation (reserved → committed)", ReservationStatus.Confirmed);
        MapTransition(endpoints, "release", ReservationAction.Release, "Release a held reservation (reserved → available)", ReservationStatus.Released);
        MapTransition(endpoints, "fulfil", ReservationAction.Fulfil, "Fulfil a confirmed reservation (its committed stock leaves)", ReservationStatus.Fulfilled);
        MapTransition(endpoints, "cancel", ReservationAction.Cancel, "Cancel a confirmed reservation (committed → available)", ReservationStatus.Canceled);
        endpoints.MapPost("/v1/reservations/{id}/extend", ExtendAsync)
            .AcceptsQuery()
            .WithName("ExtendReservation")
            .WithTags(ProblemDetailsDialect.Instance.Tag)
            .Documented(TransitionDoc("Hold a held reservation longer: it expires `expiresInSeconds` from now", ReservationStatus.Held) with
            {
                Request = typeof(ExtendReservationRequest),
                RequestExample = new ExtendReservationRequest(600),
            });
        return endpoints;
    }

    private static void MapTransition(IEndpointRouteBuilder endpoints, string verb, ReservationAction action, string summary, ReservationStatus reached) =>
        endpoints.MapPost($"/v1/reservations/{{id}}/{verb}", (string id, HttpContext context, IGrainFactory grains) => TransitionAsync(id, action, null, context, grains))
            .AcceptsQuery()
            .WithName($"{char.ToUpperInvariant(verb[0])}{verb[1..]}Reservation")
            .WithTags(ProblemDetailsDialect.Instance.Tag)
            .Documented(TransitionDoc(summary, reached));

    private static RouteDoc TransitionDoc(string summary, ReservationStatus reached) => new()
    {
        Summary = summary,
        Description = """
            A repeat of the transition that made the reservation's status answers it again (200). Any other
            transition from the status it is in is 409 `RESERVATION_<STATUS>` (`RESERVATION_EXPIRED`, …):
            a held reservation past its `expiresAt` has expired, whether or not its expiry has run yet.
            Each transition is one change of each item, stored with the reservation in one commit.
            """,
        Response = typeof(ReservationDocument),
        ResponseExample = Example(reached),
        Errors =
        [
            RouteError.Of(DialectError.NotFound($"Reservation '{ExampleId}' was not found."), "No reservation has this id in the key's tenant."),
            RouteError.WithBody(StatusCodes.Status409Conflict,
                ReservationConflict.Of("RESERVATION_EXPIRED", $"Reservation '{ExampleId}' is expired: it cannot be confirmed."),
                "The reservation's status does not allow the transition.", "application/problem+json"),
            RouteError.Of(DialectError.Unavailable(), "The outcome is unknown. Repeat the request: it is answered as the transition ended."),
        ],
    };

    private static ReservationDocument Example(ReservationStatus status) => new(
        ExampleId, status.Code(), [new ReservationLineDocument(ExampleItem, 2)], "gid://shop/Checkout/81", ExampleTime, ExampleTime.AddMinutes(15), ExampleTime.AddMinutes(3));

    private static ReservationConflict LinesExample => ReservationConflict.Of(ReservationConflict.LinesNotHeld, "Line 0 cannot be held (INSUFFICIENT_INVENTORY); nothing was held.",
        [new ReservationLineProblem(0, ExampleItem, "INSUFFICIENT_INVENTORY", "Cannot hold 2: 1 available.", 1)]);

    private static IReservationGrain Reservation(IGrainFactory grains, HttpContext context, string id) =>
        grains.GetGrain<IReservationGrain>(ReservationKey.Format(context.User.GetTenant(), id));

    private static async Task<IResult> CreateAsync(JsonElement body, HttpContext context, IGrainFactory grains)
    {
        var (request, problem) = ReservationRequests.ReadCreate(body);
        if (request is null)
        {
            return ProblemDetailsDialect.Instance.ErrorResult(problem!);
        }

        var id = request.Id ?? IdOf(context);
        var outcome = await Reservation(grains, context, id).CreateAsync(request.Lines, request.Reference, request.ExpiresIn);
        return Answer(outcome, context);
    }

    private static async Task<IResult> GetAsync(string id, HttpContext context, IGrainFactory grains)
    {
        if (ReservationRequests.CheckId(id, "id") is { } invalid)
        {
            return ProblemDetailsDialect.Instance.ErrorResult(invalid);
        }

        return await Reservation(grains, context, id).GetAsync() is { } reservation
            ? TypedResults.Json(ReservationDocument.From(reservation), ProblemDetailsDialect.Instance.Json)
            : ProblemDetailsDialect.Instance.ErrorResult(DialectError.NotFound($"Reservation '{id}' was not found."));
    }

    private static async Task<IResult> ListAsync(string? status, string? reference, string? cursor, int? limit, HttpContext context, IGrainFactory grains, CursorSeal seal)
    {
        ReservationStatus? wanted = null;
        if (status is not null)
        {
            if (!ReservationStatuses.TryParse(status, out var parsed))
            {
                return BadRequest("status", $"status must be one of {string.Join(", ", Enum.GetValues<ReservationStatus>().Select(ReservationStatuses.Code))}.");
            }

            wanted = parsed;
        }

        if (reference is not null && ReservationRequests.CheckId(reference, "reference") is { } badReference)
        {
            return ProblemDetailsDialect.Instance.ErrorResult(badReference);
        }

        if (limit is < 1 or > MaxLimit)
        {
            return BadRequest("limit", $"limit must be 1 to {MaxLimit}.");
        }

        var tenant = context.User.GetTenant();
        ReservationListPosition? after = null;
        if (cursor is not null)
        {
            if (!ReservationListCursor.TryOpen(seal, tenant, cursor, out after))
            {
                return BadRequest("cursor", "cursor is not one this route gave.");
            }
        }

        var page = await grains.GetGrain<IReservationDirectoryGrain>(0).ListAsync(tenant, wanted, reference, after, limit ?? DefaultLimit);
        var next = page.Next is { } last ? ReservationListCursor.Seal(seal, tenant, last) : null;
        return TypedResults.Json(new ReservationsResponse([.. page.Reservations.Select(ReservationDocument.From)], next), ProblemDetailsDialect.Instance.Json);
    }

    private static async Task<IResult> ExtendAsync(string id, JsonElement body, HttpContext context, IGrainFactory grains)
    {
        var (extendBy, problem) = ReservationRequests.ReadExtend(body);
        return extendBy is null
            ? ProblemDetailsDialect.Instance.ErrorResult(problem!)
            : await TransitionAsync(id, ReservationAction.Extend, extendBy, context, grains);
    }

    private static async Task<IResult> TransitionAsync(string id, ReservationAction action, TimeSpan? extendBy, HttpContext context, IGrainFactory grains)
    {
        if (ReservationRequests.CheckId(id, "id") is { } invalid)
        {
            return ProblemDetailsDialect.Instance.ErrorResult(invalid);
        }

        return Answer(await Reservation(grains, context, id).ApplyAsync(action, extendBy), context);
    }

    private static IResult Answer(ReservationOutcome outcome, HttpContext context) => outcome.Match<IResult>(
        done => TypedResults.Json(ReservationDocument.From(done.Reservation), ProblemDetailsDialect.Instance.Json,
            statusCode: done.Created ? StatusCodes.Status201Created : StatusCodes.Status200OK),
        refused => refused.Code switch
        {
            ReservationErrorCode.NotFound => ProblemDetailsDialect.Instance.ErrorResult(DialectError.NotFound(refused.Description)),
            { } code => Conflict(ReservationConflict.Of(code.Code(), refused.Description)),
            null => Conflict(ReservationConflict.Of(ReservationConflict.LinesNotHeld,
                refused.Lines.Count == 1
                    ? $"Line {refused.Lines[0].Index} cannot be held ({refused.Lines[0].Code.ContractName()}); nothing was held."
                    : $"{refused.Lines.Count} lines cannot be held; nothing was held.",
                [.. refused.Lines.Select(line => new ReservationLineProblem(line.Index, line.ItemId, line.Code.ContractName(), line.Description, line.Available))])),
        },
        unknown =>
        {
            context.NoteUnknownOutcome();
            return ProblemDetailsDialect.Instance.ErrorResult(DialectError.Unavailable() with { Message = unknown.Description });
        });

    private static Microsoft.AspNetCore.Http.HttpResults.JsonHttpResult<ReservationConflict> Conflict(ReservationConflict conflict) =>
        TypedResults.Json(conflict, ProblemDetailsDialect.Instance.Json, "application/problem+json", StatusCodes.Status409Conflict);

    private static IResult BadRequest(string field, string message) =>
        ProblemDetailsDialect.Instance.ErrorResult(DialectError.BadRequest(message) with { Field = field });

    /// <summary>A new reservation's id: the one its <c>Idempotency-Key</c> names (so a repeat finds it), or a new one.</summary>
    private static string IdOf(HttpContext context) =>
        context.OperationIdOf(0) is { } operation
            ? "rsv-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(operation)))[..32]
            : "rsv-" + Guid.NewGuid().ToString("N");
}
