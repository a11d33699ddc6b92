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

    /// <summary>
    /// Checks a change that is to be stored with other items' changes, all or nothing, and holds
    /// for it (<see cref="ItemPreparation"/>): after every change that reached the item before it,
    /// nothing else is applied until <see cref="CompleteAsync"/> names <paramref name="token"/>, or
    /// the hold times out (<c>Inventory:AllOrNothing:HoldTimeout</c>; the item then reads itself
    /// back from the store). Callers prepare the items of one group in ascending id order, so that
    /// two groups never wait on each other.
    /// </summary>
    /// <param name="token">Names this prepared write to <see cref="CompleteAsync"/>.</param>
    [ResponseTimeout("00:00:10")]
    Task<ItemPreparation> PrepareAsync(string token, InventoryCommand command, ChangeContext context);

    /// <summary>Tells the item how its prepared write ended; the hold ends.</summary>
    Task CompleteAsync(string token, PreparedWriteEnd outcome, long? storedVersion);

    /// <summary>The item as last stored (null when it does not exist): never a state that a write still in flight could take back.</summary>
    [ReadOnly]
    Task<InventoryItem?> GetAsync();
}
