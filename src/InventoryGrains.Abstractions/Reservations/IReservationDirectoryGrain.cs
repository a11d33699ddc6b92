using InventoryGrains.Domain.Reservations;

namespace InventoryGrains.Abstractions.Reservations;

/// <summary>Lists a tenant's reservations from the store (a query, not a visit of every reservation grain). Stateless.</summary>
public interface IReservationDirectoryGrain : IGrainWithIntegerKey
{
    /// <param name="after">Where the previous page ended; null for the first page.</param>
    Task<ReservationListPage> ListAsync(string tenant, ReservationStatus? status, string? reference, ReservationListPosition? after, int limit);
}

/// <summary>The last reservation of a page: newest first, so the next page holds older ones.</summary>
[GenerateSerializer, Immutable]
public sealed record ReservationListPosition([property: Id(0)] DateTimeOffset CreatedAt, [property: Id(1)] string Id);

[GenerateSerializer, Immutable]
public sealed record ReservationListPage([property: Id(0)] IReadOnlyList<Reservation> Reservations, [property: Id(1)] ReservationListPosition? Next);
