using InventoryGrains.Domain.Reservations;
using InventoryGrains.Storage.Items;
using InventoryGrains.Storage.Memory;
using InventoryGrains.Storage.Reservations;

namespace InventoryGrains.Grains.Tests;

/// <summary>
/// The in-memory item store, failing where <paramref name="faults"/> says grain storage fails: the
/// item grains and the other grains of a test cluster fail by the same switches.
/// </summary>
public sealed class FaultyItemStore(FaultyGrainStorage faults) : IItemStore, IReservationStore
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<ItemKey, int> _writes = new();

    public MemoryItemStore Inner { get; } = new();

    /// <summary>Awaited before a write of an item is stored (or fails): lets a test hold a write in flight.</summary>
    public Func<ItemKey, Task>? BeforeWrite { get; set; }

    /// <summary>How many writes of the item were attempted.</summary>
    public int WritesOf(ItemKey key) => _writes.GetValueOrDefault(key);

    /// <summary>Reads fail with an exception Orleans has no codec for, as a database driver's.</summary>
    public bool FailReadsLikeADriver { get; set; }

    public Task<StoredItem?> ReadAsync(ItemKey key, int recentChanges) =>
        FailReadsLikeADriver ? Task.FromException<StoredItem?>(new DriverException("connection refused"))
        : faults.FailReads ? Task.FromException<StoredItem?>(new IOException("Injected storage failure."))
        : Inner.ReadAsync(key, recentChanges);

    public async Task<long> WriteAsync(ItemWrite write)
    {
        ArgumentNullException.ThrowIfNull(write);
        _writes.AddOrUpdate(write.Key, 1, (_, count) => count + 1);

        // Taken now, as the real stores do, before the write first yields.
        var taken = write with { State = write.State.Clone(), Changes = [.. write.Changes] };
        if (BeforeWrite is { } gate)
        {
            await gate(write.Key);
        }

        return faults.FailWrites || faults.FailWritesFor?.Invoke(GrainIdOf(write.Key)) == true
            ? throw new IOException("Injected storage failure.")
            : await Inner.WriteAsync(taken);
    }

    /// <summary>Awaited before a group write is stored (or fails): lets a test stop between the steps of a group.</summary>
    public Func<IReadOnlyList<ItemKey>, Task>? BeforeGroupWrite { get; set; }

    /// <summary>What the next group write does instead of answering: fail before it stores anything, or store and then fail (its answer lost).</summary>
    public GroupWriteFault? NextGroupWriteFault { get; set; }

    /// <summary>How many group writes were attempted.</summary>
    public int GroupWrites => _groupWrites;

    private int _groupWrites;

    public Task<IReadOnlyList<long>> WriteGroupAsync(IReadOnlyList<ItemWrite> writes) =>
        FaultedGroupAsync(writes, taken => Inner.WriteGroupAsync(taken));

    /// <summary>A write of several items (and whatever is stored with them), failing by <see cref="NextGroupWriteFault"/> and the storage switches.</summary>
    private async Task<T> FaultedGroupAsync<T>(IReadOnlyList<ItemWrite> writes, Func<List<ItemWrite>, Task<T>> store)
    {
        ArgumentNullException.ThrowIfNull(writes);
        Interlocked.Increment(ref _groupWrites);
        var taken = writes.Select(write => write with { State = write.State.Clone(), Changes = [.. write.Changes] }).ToList();
        if (BeforeGroupWrite is { } gate)
        {
            await gate([.. writes.Select(write => write.Key)]);
        }

        switch (NextGroupWriteFault)
        {
            case GroupWriteFault.FailBeforeStoring:
                NextGroupWriteFault = null;
                throw new IOException("Injected storage failure before the group was stored.");
            case GroupWriteFault.FailAfterStoring:
                NextGroupWriteFault = null;
                await store(taken);
                throw new IOException("Injected storage failure after the group was stored.");
            default:
                return faults.FailWrites ? throw new IOException("Injected storage failure.") : await store(taken);
        }
    }

    public Task ClearAsync(ItemKey key, long expectedVersion) => Inner.ClearAsync(key, expectedVersion);

    public Task<StoredReservation?> ReadReservationAsync(string tenant, string reservationId, CancellationToken cancellationToken = default) =>
        faults.FailReads ? Task.FromException<StoredReservation?>(new IOException("Injected storage failure.")) : Inner.ReadReservationAsync(tenant, reservationId, cancellationToken);

    /// <summary>A reservation's write with its items: a group write, failing by the same switches.</summary>
    public Task<(IReadOnlyList<long> Reservations, IReadOnlyList<long> Items)> WriteReservationsAsync(IReadOnlyList<ReservationWrite> reservations, IReadOnlyList<ItemWrite> items) =>
        FaultedGroupAsync(items, taken => Inner.WriteReservationsAsync(reservations, taken));

    public Task<IReadOnlyList<(string Tenant, string ReservationId)>> ListDueAsync(DateTimeOffset dueBy, int limit, CancellationToken cancellationToken = default) =>
        Inner.ListDueAsync(dueBy, limit, cancellationToken);

    public Task<ReservationPage> ListReservationsAsync(string tenant, ReservationStatus? status, string? reference, ReservationPosition? after, int limit, CancellationToken cancellationToken = default) =>
        Inner.ListReservationsAsync(tenant, status, reference, after, limit, cancellationToken);

    public static GrainId GrainIdOf(ItemKey key) => GrainId.Create("inventoryitem", key.ToString());
}

public enum GroupWriteFault
{
    FailBeforeStoring,
    FailAfterStoring,
}

/// <summary>A driver's exception: a type of no namespace Orleans serializes, with no codec of its own.</summary>
public sealed class DriverException(string message) : Exception(message);
