using InventoryGrains.Abstractions;
using InventoryGrains.Abstractions.Inventory;
using InventoryGrains.Grains.Persistence;
using Microsoft.Extensions.Logging;
using Orleans.Runtime;

namespace InventoryGrains.Grains.Inventory;

/// <summary>
/// One inventory item. Not reentrant: commands run one at a time, so the revision check and the
/// quantity rules see a state nobody else is changing.
/// </summary>
public sealed class InventoryItemGrain(
    [PersistentState("item", StorageNames.Inventory)] IPersistentState<InventoryItemState> state,
    TimeProvider clock,
    ILogger<InventoryItemGrain> logger)
    : Grain, IInventoryItemGrain
{
    private string ItemId => InventoryItemKey.Parse(this.GetPrimaryKeyString()).ItemId;

    public async Task<InventoryResult> ExecuteAsync(InventoryCommand command, ChangeContext context)
    {
        var outcome = InventoryItemRules.Apply(state.State, ItemId, command, context, clock.GetUtcNow());
        if (outcome.Error is { } error)
        {
            return new InventoryResult(ItemId, null, error);
        }

        if (!await state.TryCommitAsync(outcome.Next!, this, logger))
        {
            return InventoryResult.Fail(ItemId, InventoryErrorCode.Unavailable, "The change could not be stored; nothing was changed.");
        }

        return InventoryResult.Ok(state.State.ToItem());
    }

    public Task<InventoryResult> GetAsync() => Task.FromResult(
        state.State.Exists
            ? InventoryResult.Ok(state.State.ToItem())
            : InventoryResult.Fail(ItemId, InventoryErrorCode.InventoryItemNotFound, $"Inventory item '{ItemId}' was not found."));

    public Task<IReadOnlyList<ChangeLogEntry>> GetChangeLogAsync() =>
        Task.FromResult<IReadOnlyList<ChangeLogEntry>>([.. state.State.ChangeLog]);
}
