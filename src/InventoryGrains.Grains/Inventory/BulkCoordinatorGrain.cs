using InventoryGrains.Abstractions.Inventory;
using Microsoft.Extensions.Logging;
using Orleans.Concurrency;

namespace InventoryGrains.Grains.Inventory;

/// <summary>
/// Stateless, so each silo runs as many activations as load needs and no single activation is a
/// hot spot. It holds no rule: it only orders, fans out and collects.
/// </summary>
[StatelessWorker]
public sealed partial class BulkCoordinatorGrain(ILogger<BulkCoordinatorGrain> logger) : Grain, IBulkCoordinatorGrain
{
    /// <summary>How many items one bulk request works on at once.</summary>
    public const int MaxConcurrentItems = 1000;

    /// <summary>How long one item may take before its entry is reported unavailable.</summary>
    public static readonly TimeSpan ItemTimeout = TimeSpan.FromSeconds(20);

    public async Task<IReadOnlyList<InventoryResult>> ExecuteAsync(string tenant, IReadOnlyList<ItemCommand> commands, ChangeContext context)
    {
        var results = new InventoryResult[commands.Count];

        // Entries naming the same item form one sequence, in request order.
        var sequences = commands
            .Select((command, index) => (command, index))
            .GroupBy(entry => entry.command.ItemId, StringComparer.Ordinal);

        await BoundedFanout.RunAsync(sequences, MaxConcurrentItems, async sequence =>
        {
            var grain = GrainFactory.GetGrain<IInventoryItemGrain>(InventoryItemKey.Format(tenant, sequence.Key));
            foreach (var (command, index) in sequence)
            {
                results[index] = await ExecuteOneAsync(grain, command, context);
            }
        });

        return results;
    }

    public Task<IReadOnlyList<InventoryResult>> ExecuteByIdentifierAsync(string tenant, IReadOnlyList<IdentifiedCommand> commands, ChangeContext context) =>
        new IdentifiedCommandRunner(GrainFactory, tenant, (grain, command, itemId) => ExecuteOneAsync(grain, new ItemCommand(itemId, command), context))
            .RunAsync(commands, MaxConcurrentItems);

    private async Task<InventoryResult> ExecuteOneAsync(IInventoryItemGrain grain, ItemCommand command, ChangeContext context)
    {
        try
        {
            return await grain.ExecuteAsync(command.Command, context).WaitAsync(ItemTimeout);
        }
        catch (Exception exception)
        {
            // A crash or timeout reaching one item is that entry's failure, never the bulk's.
            LogItemUnreachable(logger, exception, command.ItemId);
            return InventoryResult.Fail(command.ItemId, InventoryErrorCode.Unavailable, "The item could not be reached; the change may not have been applied.");
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Inventory item {ItemId} could not be reached")]
    private static partial void LogItemUnreachable(ILogger logger, Exception exception, string itemId);
}
