using InventoryGrains.Abstractions.Inventory;
using InventoryGrains.Domain.Items;

namespace InventoryGrains.Storage.Items;

/// <summary>
/// The item store as the grain storage uses it, one item at a time (implementations may gather many
/// items' operations into one round trip). Every stored state has a version, 1 when first written
/// and one more on every write; a write names the version it expects, so two writers of one item
/// can never both succeed. A write stores the item's state and appends its changes to the item's
/// ledger atomically: both or neither.
/// </summary>
public interface IItemStore
{
    /// <summary>
    /// The item's stored state and version, or null when nothing is stored. The state comes with
    /// the operations of its latest <paramref name="recentChanges"/> changes, from the ledger
    /// (<see cref="InventoryItemState.RecentOperations"/>).
    /// </summary>
    Task<StoredItem?> ReadAsync(ItemKey key, int recentChanges);

    /// <summary>
    /// Stores <paramref name="write"/> and returns the new version once it is durable. Everything
    /// the write needs is taken from it before the returned task first yields, so the caller may
    /// change its objects afterwards.
    /// </summary>
    /// <exception cref="ItemVersionConflictException">The stored version is not the expected one; nothing was written.</exception>
    /// <remarks>Any other exception means the write failed or its outcome is unknown.</remarks>
    Task<long> WriteAsync(ItemWrite write);

    /// <summary>
    /// Stores every write of the group, or none: one commit, each write's version checked. Returns
    /// the new versions in the order of <paramref name="writes"/> once they are durable.
    /// </summary>
    /// <exception cref="ItemVersionConflictException">Some write's stored version is not the expected one; nothing was written.</exception>
    /// <remarks>Any other exception means the group was refused, failed, or its outcome is unknown (then all or none of it is stored).</remarks>
    Task<IReadOnlyList<long>> WriteGroupAsync(IReadOnlyList<ItemWrite> writes);

    /// <summary>Removes the item's stored state if its version is still <paramref name="expectedVersion"/>; its ledger stays.</summary>
    /// <exception cref="ItemVersionConflictException">The stored version is not the expected one; nothing was removed.</exception>
    Task ClearAsync(ItemKey key, long expectedVersion);
}

/// <param name="State">A copy of the stored state; the caller may keep it.</param>
public sealed record StoredItem(InventoryItemState State, long Version);

/// <summary>One write: the item's new state, the version it replaces (null: the item is new), and its new ledger entries.</summary>
public sealed record ItemWrite(ItemKey Key, long? ExpectedVersion, InventoryItemState State, IReadOnlyList<ChangeLogEntry> Changes);

/// <summary>The stored version was not the one the writer expected: another writer got there first.</summary>
public sealed class ItemVersionConflictException(ItemKey key, long? expectedVersion)
    : Exception($"Item {key} is no longer at version {(expectedVersion?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none")}: another writer stored it first.")
{
    public ItemKey Key { get; } = key;

    public long? ExpectedVersion { get; } = expectedVersion;
}
