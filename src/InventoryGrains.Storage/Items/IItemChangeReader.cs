using InventoryGrains.Abstractions.Inventory;
using InventoryGrains.Abstractions.Inventory.Changes;
using InventoryGrains.Domain.Items;

namespace InventoryGrains.Storage.Items;

/// <summary>Reads the ledger: an item's changes in revision order, and a tenant's in the order they were stored.</summary>
public interface IItemChangeReader
{
    /// <summary>The item's changes after <paramref name="afterRevision"/>, oldest first, at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<ChangeLogEntry>> ReadChangesAsync(ItemKey key, long afterRevision, int limit, CancellationToken cancellationToken = default);

    /// <summary>
    /// The tenant's changes after <paramref name="position"/> (null: from the start): no change is
    /// ever given at a position a reader has passed already (see <see cref="IInventoryChangeGrain.ReadFeedAsync"/>).
    /// </summary>
    /// <exception cref="ArgumentException">The position is not one this store gave.</exception>
    Task<FeedPage> ReadFeedAsync(string tenant, string? position, int limit, CancellationToken cancellationToken = default);

    /// <summary>
    /// Where the tenant's feed ends now (null: it has no change yet): a reader that starts there meets
    /// every change stored from now on, and none stored before.
    /// </summary>
    Task<string?> ReadFeedEndAsync(string tenant, CancellationToken cancellationToken = default);
}
