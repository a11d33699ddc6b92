using Orleans.Concurrency;
using InventoryGrains.Domain.Items;

namespace InventoryGrains.Abstractions.Inventory;

/// <summary>
/// One inventory item (a variant at a location); key from <see cref="InventoryItemKey"/>. Its
/// change log is the item store's ledger, read from the store.
/// </summary>
public interface IInventoryItemGrain : IGrainWithStringKey
{
    /// <summary>
    /// Checks and applies one change, after every change that reached the item before it; stored
    /// (with its ledger entry) before it is reported as a success. A caller waits at most 10 s: the
    /// outcome is then unknown (<see cref="InventoryErrorCode.Unavailable"/> to a bulk). The item
    /// store's statements time out before that, so the item knows its own outcome first.
    /// </summary>
    [ResponseTimeout("00:00:10")]
    Task<ItemOutcome> ExecuteAsync(InventoryCommand command, ChangeContext context);

    /// <summary>The item as last stored (null when it does not exist): never a state that a write still in flight could take back.</summary>
    [ReadOnly]
    Task<InventoryItem?> GetAsync();
}
