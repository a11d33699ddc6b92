using System.Text.Json.Serialization;
using InventoryGrains.Domain.Reservations;

namespace InventoryGrains.Api.Service;

public sealed record ReservationLineDocument(string ItemId, int Quantity);

/// <summary>A reservation as the service's routes show it.</summary>
public sealed record ReservationDocument(
    string Id,
    string Status,
    IReadOnlyList<ReservationLineDocument> Lines,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? Reference,
    DateTimeOffset CreatedAt,
    DateTimeOffset ExpiresAt,
    DateTimeOffset UpdatedAt)
{
    public static ReservationDocument From(Reservation reservation)
    {
        ArgumentNullException.ThrowIfNull(reservation);
        return new(reservation.Id, reservation.Status.Code(), [.. reservation.Lines.Select(line => new ReservationLineDocument(line.ItemId, line.Quantity))],
            reservation.Reference, reservation.CreatedAt, reservation.ExpiresAt, reservation.UpdatedAt);
    }
}

/// <param name="NextCursor">Opens the next page (older reservations); null on the last.</param>
public sealed record ReservationsResponse(
    IReadOnlyList<ReservationDocument> Reservations,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? NextCursor);

public sealed record CreateReservationRequest(string? Id, IReadOnlyList<ReservationLineDocument> Lines, int? ExpiresInSeconds, string? Reference);

public sealed record ExtendReservationRequest(int ExpiresInSeconds);

/// <summary>
/// A refusal of a reservation request, as problem details: <c>code</c> names why
/// (<c>RESERVATION_EXPIRED</c>, <c>RESERVATION_EXISTS</c>, …, or <c>LINES_NOT_HELD</c> with <c>lines</c>).
/// </summary>
public sealed record ReservationConflict(
    string Type,
    string Title,
    int Status,
    string Detail,
    string Code,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<ReservationLineProblem>? Lines)
{
    public const string LinesNotHeld = "LINES_NOT_HELD";

    public static ReservationConflict Of(string code, string detail, IReadOnlyList<ReservationLineProblem>? lines = null) =>
        new("https://tools.ietf.org/html/rfc9110#section-15.5.10", "Conflict", StatusCodes.Status409Conflict, detail, code, lines);
}

/// <summary>A line that could not be held: its item's reason, and what was available where that was the reason.</summary>
public sealed record ReservationLineProblem(
    int Index,
    string ItemId,
    string Code,
    string Description,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] long? Available);
