using InventoryGrains.Abstractions;
using InventoryGrains.Abstractions.Inventory;
using Microsoft.Extensions.Logging;
using Orleans.Runtime;
using Orleans.Storage;

namespace InventoryGrains.Grains.Inventory;

/// <summary>
/// One inventory item. Not reentrant: commands run one at a time, so the revision check and the
/// quantity rules see a state nobody else is changing.
/// </summary>
public sealed partial class InventoryItemGrain(
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

        var previous = state.State;
        state.State = outcome.Next!;
        try
        {
            await state.WriteStateAsync();
        }
        catch (Exception exception)
        {
            // Nothing is acknowledged unless it is stored: put the last stored state back.
            state.State = previous;
            LogWriteFailed(logger, exception, this.GetPrimaryKeyString());
            if (exception is InconsistentStateException)
            {
                // Another activation wrote this item: drop this one so the next call reloads.
                DeactivateOnIdle();
            }

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

    [LoggerMessage(Level = LogLevel.Warning, Message = "Writing inventory item {GrainKey} failed; the change was rolled back")]
    private static partial void LogWriteFailed(ILogger logger, Exception exception, string grainKey);
}
