using Orleans.Concurrency;

namespace InventoryGrains.Abstractions.Inventory;

/// <summary>One inventory item (a variant at a location); key from <see cref="InventoryItemKey"/>.</summary>
public interface IInventoryItemGrain : IGrainWithStringKey
{
    /// <summary>Checks and applies one change; persisted before it is reported as a success.</summary>
    Task<InventoryResult> ExecuteAsync(InventoryCommand command, ChangeContext context);

    [ReadOnly]
    Task<InventoryResult> GetAsync();

    [ReadOnly]
    Task<IReadOnlyList<ChangeLogEntry>> GetChangeLogAsync();
}
