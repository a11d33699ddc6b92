using InventoryGrains.Domain.Reservations;
using InventoryGrains.Storage.Items;

namespace InventoryGrains.Storage.Reservations;

/// <summary>
/// Reservations, stored beside the items they hold: a reservation's every transition is written in
/// one commit with its items' rows and ledger entries (all or nothing, every version checked), so
/// the store never holds a status without the quantities it moved, nor the other way round.
/// </summary>
public interface IReservationStore
{
    Task<StoredReservation?> ReadReservationAsync(string tenant, string reservationId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Stores the reservations and the item writes in one commit and returns, once it is durable, the
    /// reservations' new versions in the order of <paramref name="reservations"/>, then the items' in
    /// the order of <paramref name="items"/>. A reservation of several items writes itself with its
    /// items' steps; an item writes the reservations of one item whose steps it takes in one batch.
    /// </summary>
    /// <exception cref="ItemVersionConflictException">An item's stored version is not the expected one; nothing was written.</exception>
    /// <exception cref="ReservationVersionConflictException">A reservation's stored version is not the expected one; nothing was written.</exception>
    /// <remarks>Any other exception means the write failed or its outcome is unknown (then all or none of it is stored).</remarks>
    Task<(IReadOnlyList<long> Reservations, IReadOnlyList<long> Items)> WriteReservationsAsync(IReadOnlyList<ReservationWrite> reservations, IReadOnlyList<ItemWrite> items);

    /// <summary>A page of the tenant's reservations, newest first, optionally of one status or reference, after a position.</summary>
    Task<ReservationPage> ListReservationsAsync(string tenant, ReservationStatus? status, string? reference, ReservationPosition? after, int limit, CancellationToken cancellationToken = default);

    /// <summary>Held reservations of every tenant whose time came at or before <paramref name="dueBy"/>, the longest due first.</summary>
    Task<IReadOnlyList<(string Tenant, string ReservationId)>> ListDueAsync(DateTimeOffset dueBy, int limit, CancellationToken cancellationToken = default);
}

public static class ReservationStoreExtensions
{
    /// <summary>Stores one reservation with its items' writes in one commit (<see cref="IReservationStore.WriteReservationsAsync"/>).</summary>
    public static async Task<(long Reservation, IReadOnlyList<long> Items)> WriteReservationAsync(this IReservationStore store, ReservationWrite reservation, IReadOnlyList<ItemWrite> items)
    {
        ArgumentNullException.ThrowIfNull(store);
        var (reservations, versions) = await store.WriteReservationsAsync([reservation], items);
        return (reservations[0], versions);
    }
}

public sealed record StoredReservation(Reservation Reservation, long Version);

/// <param name="ExpectedVersion">The version the write replaces; null for a new reservation.</param>
public sealed record ReservationWrite(string Tenant, long? ExpectedVersion, Reservation Reservation);

/// <summary>Where a page ended: the last reservation's creation time and id.</summary>
public sealed record ReservationPosition(DateTimeOffset CreatedAt, string Id);

/// <param name="Next">Where the next page starts; null when none follows.</param>
public sealed record ReservationPage(IReadOnlyList<Reservation> Reservations, ReservationPosition? Next);

public sealed class ReservationVersionConflictException(string tenant, string reservationId, long? expectedVersion)
    : Exception($"Reservation {tenant}/{reservationId} is no longer at version {(expectedVersion?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none")}: another writer stored it first.")
{
    public string Tenant { get; } = tenant;
    public string ReservationId { get; } = reservationId;
}
