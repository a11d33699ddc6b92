using InventoryGrains.Abstractions.Inventory;

namespace InventoryGrains.Storage.Items;

/// <summary>Reads an item's ledger: every change stored with it, in revision order.</summary>
public interface IItemChangeReader
{
    /// <summary>The item's changes after <paramref name="afterRevision"/>, oldest first, at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<ChangeLogEntry>> ReadChangesAsync(ItemKey key, long afterRevision, int limit, CancellationToken cancellationToken = default);
}
