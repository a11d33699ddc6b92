using InventoryGrains.Abstractions.Reservations;
using InventoryGrains.Domain.Reservations;
using InventoryGrains.Storage.Reservations;
using Orleans.Concurrency;

namespace InventoryGrains.Grains.Reservations;

/// <summary>Reads pages of reservations from the store, on the silo the call arrives at.</summary>
[StatelessWorker]
[Reentrant]
public sealed class ReservationDirectoryGrain(IReservationStore store) : Grain, IReservationDirectoryGrain
{
    public async Task<ReservationListPage> ListAsync(string tenant, ReservationStatus? status, string? reference, ReservationListPosition? after, int limit)
    {
        var page = await store.ListReservationsAsync(tenant, status, reference, after is null ? null : new ReservationPosition(after.CreatedAt, after.Id), limit);
        return new ReservationListPage(page.Reservations, page.Next is { } next ? new ReservationListPosition(next.CreatedAt, next.Id) : null);
    }
}
