using System.Collections.Concurrent;
using InventoryGrains.Abstractions.Inventory;
using InventoryGrains.Abstractions.Inventory.Changes;
using InventoryGrains.Storage.Items;
using InventoryGrains.Domain.Items;
using InventoryGrains.Domain.Operations;

namespace InventoryGrains.Storage.Memory;

/// <summary>
/// The item store of the embedded mode, in this process's memory: the contract of the PostgreSQL
/// store (versions checked per write, the state and its ledger entries stored together, a position
/// per change for the feed) without a database. Operations complete at once; nothing survives the
/// process. One instance may serve several silos of one process (a test cluster).
/// </summary>
public sealed partial class MemoryItemStore : IItemStore, IItemChangeReader
{
    private readonly ConcurrentDictionary<ItemKey, Slot> _items = new();
    private readonly ConcurrentDictionary<string, TenantFeed> _feeds = new(StringComparer.Ordinal);
    private long _lastPosition;

    public Task<StoredItem?> ReadAsync(ItemKey key, int recentChanges)
    {
        if (!_items.TryGetValue(key, out var slot))
        {
            return Task.FromResult<StoredItem?>(null);
        }

        lock (slot)
        {
            if (slot.State is not { } state)
            {
                return Task.FromResult<StoredItem?>(null);
            }

            var copy = state.Clone();
            copy.RecentOperations = RecentOperations(slot.Ledger, state.Revision - recentChanges);
            return Task.FromResult<StoredItem?>(new StoredItem(copy, slot.Version));
        }
    }

    public Task<long> WriteAsync(ItemWrite write)
    {
        ArgumentNullException.ThrowIfNull(write);
        var slot = _items.GetOrAdd(write.Key, static _ => new Slot());
        lock (slot)
        {
            return VersionOf(slot) != write.ExpectedVersion
                ? Task.FromException<long>(new ItemVersionConflictException(write.Key, write.ExpectedVersion))
                : Task.FromResult(Store(slot, write));
        }
    }

    /// <summary>Every write or none: the items' locks are taken in key order, every version checked, then every write stored.</summary>
    public Task<IReadOnlyList<long>> WriteGroupAsync(IReadOnlyList<ItemWrite> writes)
    {
        ArgumentNullException.ThrowIfNull(writes);
        try
        {
            return Task.FromResult<IReadOnlyList<long>>(WriteGroup(writes, beside: null));
        }
        catch (ItemVersionConflictException conflict)
        {
            return Task.FromException<IReadOnlyList<long>>(conflict);
        }
    }

    /// <summary>
    /// Stores every write or none, under the items' locks (taken in key order). <paramref name="beside"/>,
    /// when given, runs under them after every version is checked and before anything is stored: it
    /// checks and stores what is written with the items, or throws and nothing is stored.
    /// </summary>
    private long[] WriteGroup(IReadOnlyList<ItemWrite> writes, Action? beside)
    {
        var ordered = writes.Select((write, index) => (write, index, slot: _items.GetOrAdd(write.Key, static _ => new Slot())))
            .OrderBy(entry => entry.write.Key, Comparer<ItemKey>.Create(ItemKey.Compare))
            .ToList();
        var taken = 0;
        try
        {
            foreach (var entry in ordered)
            {
                Monitor.Enter(entry.slot);
                taken++;
            }

            if (ordered.FirstOrDefault(entry => VersionOf(entry.slot) != entry.write.ExpectedVersion) is { write: { } stale })
            {
                throw new ItemVersionConflictException(stale.Key, stale.ExpectedVersion);
            }

            beside?.Invoke();
            var versions = new long[writes.Count];
            foreach (var entry in ordered)
            {
                versions[entry.index] = Store(entry.slot, entry.write);
            }

            return versions;
        }
        finally
        {
            for (var i = taken - 1; i >= 0; i--)
            {
                Monitor.Exit(ordered[i].slot);
            }
        }
    }

    private static long? VersionOf(Slot slot) => slot.State is null ? null : slot.Version;

    /// <summary>Stores the write in its slot, whose lock the caller holds, and returns the new version.</summary>
    private long Store(Slot slot, ItemWrite write)
    {
        var version = (VersionOf(slot) ?? 0) + 1;
        slot.State = write.State.Clone();
        slot.Version = version;
        if (write.Changes.Count > 0)
        {
            // The ledger and the state change together: readers of the ledger see an entry
            // once the write that holds it is stored.
            var feed = _feeds.GetOrAdd(write.Key.Tenant, static _ => new TenantFeed());
            lock (feed)
            {
                foreach (var change in write.Changes)
                {
                    var position = Interlocked.Increment(ref _lastPosition);
                    slot.Ledger.Add(change);
                    feed.Entries.Add(new FeedEntry(position, write.Key.ItemId, change));
                }
            }
        }

        return slot.Version;
    }

    public Task ClearAsync(ItemKey key, long expectedVersion)
    {
        if (_items.TryGetValue(key, out var slot))
        {
            lock (slot)
            {
                if (slot.State is not null && slot.Version == expectedVersion)
                {
                    slot.State = null;
                    return Task.CompletedTask;
                }
            }
        }

        return Task.FromException(new ItemVersionConflictException(key, expectedVersion));
    }

    public Task<IReadOnlyList<ChangeLogEntry>> ReadChangesAsync(ItemKey key, long afterRevision, int limit, CancellationToken cancellationToken = default)
    {
        if (!_items.TryGetValue(key, out var slot))
        {
            return Task.FromResult<IReadOnlyList<ChangeLogEntry>>([]);
        }

        lock (slot)
        {
            return Task.FromResult<IReadOnlyList<ChangeLogEntry>>([.. slot.Ledger.Where(c => c.Revision > afterRevision).Take(limit)]);
        }
    }

    public Task<FeedPage> ReadFeedAsync(string tenant, string? position, int limit, CancellationToken cancellationToken = default)
    {
        long after = 0;
        if (position is not null && !long.TryParse(position, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out after))
        {
            throw new ArgumentException("The feed position is not one this store gave.", nameof(position));
        }

        if (!_feeds.TryGetValue(tenant, out var feed))
        {
            return Task.FromResult(new FeedPage([], position));
        }

        // A change enters the feed, with the next position, under the feed's lock and together with
        // its item's state: a reader never sees a later position before an earlier one.
        lock (feed)
        {
            var start = feed.Entries.BinarySearch(new FeedEntry(after, "", null!), FeedEntry.ByPosition);
            start = start < 0 ? ~start : start + 1;
            var page = feed.Entries.Skip(start).Take(limit).ToList();
            return Task.FromResult(new FeedPage(
                [.. page.Select(entry => new FeedChange(entry.ItemId, entry.Change))],
                page.Count == 0 ? position : page[^1].Position.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }
    }

    public Task<string?> ReadFeedEndAsync(string tenant, CancellationToken cancellationToken = default)
    {
        if (!_feeds.TryGetValue(tenant, out var feed))
        {
            return Task.FromResult<string?>(null);
        }

        lock (feed)
        {
            return Task.FromResult(feed.Entries.Count == 0 ? null : feed.Entries[^1].Position.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    /// <summary>
    /// The tenant's stored items as they stand, each read under its own lock: like a database read
    /// that is not one snapshot across many commits, an item written meanwhile may be seen before
    /// or after its write. O(all items): fine for the embedded mode.
    /// </summary>
    internal List<InventoryItem> Items(string tenant)
    {
        var items = new List<InventoryItem>();
        foreach (var (key, slot) in _items)
        {
            if (!string.Equals(key.Tenant, tenant, StringComparison.Ordinal))
            {
                continue;
            }

            lock (slot)
            {
                // A deleted item's record is its tombstone, never a query result.
                if (slot.State is { Exists: true } state)
                {
                    items.Add(state.ToItem());
                }
            }
        }

        return items;
    }

    private static List<AppliedOperation> RecentOperations(List<ChangeLogEntry> ledger, long afterRevision)
    {
        var operations = new List<AppliedOperation>();
        for (var i = ledger.Count - 1; i >= 0 && ledger[i].Revision > afterRevision; i--)
        {
            if (ledger[i].OperationId is { } operationId)
            {
                operations.Add(new AppliedOperation(operationId, ledger[i].Revision, ledger[i].Timestamp));
            }
        }

        operations.Reverse();
        return operations;
    }

    /// <summary>The item's whole ledger, oldest first.</summary>
    public IReadOnlyList<ChangeLogEntry> Ledger(ItemKey key) => ReadChangesAsync(key, 0, int.MaxValue).Result;

    private sealed class Slot
    {
        public InventoryItemState? State { get; set; }

        public long Version { get; set; }

        public List<ChangeLogEntry> Ledger { get; } = [];
    }

    private sealed class TenantFeed
    {
        public List<FeedEntry> Entries { get; } = [];
    }

    private sealed record FeedEntry(long Position, string ItemId, ChangeLogEntry Change)
    {
        public static IComparer<FeedEntry> ByPosition { get; } = Comparer<FeedEntry>.Create((x, y) => x.Position.CompareTo(y.Position));
    }
}
