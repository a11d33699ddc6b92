using System.Collections.Concurrent;
using InventoryGrains.Domain.Reservations;
using InventoryGrains.Storage.Items;
using InventoryGrains.Storage.Reservations;

namespace InventoryGrains.Storage.Memory;

/// <summary>Reservations in memory, written under their own lock and their items' locks together.</summary>
public sealed partial class MemoryItemStore : IReservationStore
{
    private readonly ConcurrentDictionary<(string Tenant, string Id), ReservationSlot> _reservations = new();

    public Task<StoredReservation?> ReadReservationAsync(string tenant, string reservationId, CancellationToken cancellationToken = default)
    {
        if (!_reservations.TryGetValue((tenant, reservationId), out var slot))
        {
            return Task.FromResult<StoredReservation?>(null);
        }

        lock (slot)
        {
            return Task.FromResult(slot.Reservation is { } reservation ? new StoredReservation(reservation, slot.Version) : null);
        }
    }

    /// <summary>The reservations' locks first (in key order), then their items' in key order (no item write takes a reservation's lock): no cycle of waits.</summary>
    public Task<(IReadOnlyList<long> Reservations, IReadOnlyList<long> Items)> WriteReservationsAsync(IReadOnlyList<ReservationWrite> reservations, IReadOnlyList<ItemWrite> items)
    {
        ArgumentNullException.ThrowIfNull(reservations);
        ArgumentNullException.ThrowIfNull(items);
        if (reservations.DistinctBy(write => (write.Tenant, write.Reservation.Id)).Count() != reservations.Count)
        {
            throw new ArgumentException("A commit writes each reservation once.", nameof(reservations));
        }

        var slots = reservations
            .Select((write, index) => (write, index, slot: _reservations.GetOrAdd((write.Tenant, write.Reservation.Id), static _ => new ReservationSlot())))
            .OrderBy(entry => entry.write.Tenant, StringComparer.Ordinal).ThenBy(entry => entry.write.Reservation.Id, StringComparer.Ordinal)
            .ToList();
        var taken = 0;
        try
        {
            foreach (var entry in slots)
            {
                Monitor.Enter(entry.slot);
                taken++;
            }

            var versions = new long[reservations.Count];
            var itemVersions = WriteGroup(items, () =>
            {
                if (slots.FirstOrDefault(entry => (entry.slot.Reservation is null ? (long?)null : entry.slot.Version) != entry.write.ExpectedVersion) is { write: { } stale })
                {
                    throw new ReservationVersionConflictException(stale.Tenant, stale.Reservation.Id, stale.ExpectedVersion);
                }

                foreach (var (write, index, slot) in slots)
                {
                    versions[index] = (write.ExpectedVersion ?? 0) + 1;
                    (slot.Reservation, slot.Version) = (write.Reservation, versions[index]);
                }
            });
            return Task.FromResult<(IReadOnlyList<long>, IReadOnlyList<long>)>((versions, itemVersions));
        }
        catch (Exception exception) when (exception is ItemVersionConflictException or ReservationVersionConflictException)
        {
            return Task.FromException<(IReadOnlyList<long>, IReadOnlyList<long>)>(exception);
        }
        finally
        {
            for (var i = taken - 1; i >= 0; i--)
            {
                Monitor.Exit(slots[i].slot);
            }
        }
    }

    public Task<ReservationPage> ListReservationsAsync(string tenant, ReservationStatus? status, string? reference, ReservationPosition? after, int limit, CancellationToken cancellationToken = default)
    {
        var selected = new List<Reservation>();
        foreach (var ((slotTenant, _), slot) in _reservations)
        {
            if (!string.Equals(slotTenant, tenant, StringComparison.Ordinal))
            {
                continue;
            }

            lock (slot)
            {
                if (slot.Reservation is { } reservation
                    && (status is null || reservation.Status == status)
                    && (reference is null || string.Equals(reservation.Reference, reference, StringComparison.Ordinal))
                    && (after is null || Newest(reservation, after) > 0))
                {
                    selected.Add(reservation);
                }
            }
        }

        // Newest first; the id (by code point, as PostgreSQL's "C" collation) breaks ties, also descending.
        selected.Sort((x, y) => Newest(x, new ReservationPosition(y.CreatedAt, y.Id)));
        var page = selected.Take(limit).ToList();
        var next = selected.Count > limit ? new ReservationPosition(page[^1].CreatedAt, page[^1].Id) : null;
        return Task.FromResult(new ReservationPage(page, next));
    }

    public Task<IReadOnlyList<(string Tenant, string ReservationId)>> ListDueAsync(DateTimeOffset dueBy, int limit, CancellationToken cancellationToken = default)
    {
        var due = new List<(DateTimeOffset ExpiresAt, string Tenant, string Id)>();
        foreach (var ((tenant, id), slot) in _reservations)
        {
            lock (slot)
            {
                if (slot.Reservation is { Status: ReservationStatus.Held } held && held.ExpiresAt <= dueBy)
                {
                    due.Add((held.ExpiresAt, tenant, id));
                }
            }
        }

        return Task.FromResult<IReadOnlyList<(string, string)>>([.. due.OrderBy(entry => entry.ExpiresAt).Take(limit).Select(entry => (entry.Tenant, entry.Id))]);
    }

    /// <summary>Positive when <paramref name="reservation"/> comes after <paramref name="position"/> in the newest-first order.</summary>
    private static int Newest(Reservation reservation, ReservationPosition position)
    {
        var created = position.CreatedAt.UtcTicks / 10 - reservation.CreatedAt.UtcTicks / 10;
        return created != 0 ? Math.Sign(created) : Abstractions.Inventory.Queries.ItemValue.CompareCodePoints(position.Id, reservation.Id) switch { > 0 => 1, < 0 => -1, _ => 0 };
    }

    private sealed class ReservationSlot
    {
        public Reservation? Reservation { get; set; }

        public long Version { get; set; }
    }
}
