using InventoryGrains.Abstractions.Inventory;
using Microsoft.Extensions.Logging;
using Orleans.Concurrency;
using Orleans.Metadata;

namespace InventoryGrains.Grains.Inventory;

/// <summary>
/// Stateless, so each silo runs several activations and no single activation is a hot spot, and
/// reentrant, so an activation takes the next bulk while the last one waits for its items (a
/// worker that took one bulk at a time would let as many bulks in as the silo has cores). It
/// holds no rule: it only orders, fans out and collects.
/// </summary>
[StatelessWorker]
[Reentrant]
public sealed partial class BulkCoordinatorGrain(
    ILogger<BulkCoordinatorGrain> logger,
    GrainInterfaceTypeResolver interfaceTypes,
    GrainInterfaceTypeToGrainTypeResolver grainTypes) : Grain, IBulkCoordinatorGrain
{
    /// <summary>How many identifier lookups one bulk request makes at once.</summary>
    public const int MaxConcurrentLookups = 64;

    private ItemGrainReferences? _items;

    private ItemGrainReferences Items => _items ??= new ItemGrainReferences(GrainFactory, interfaceTypes, grainTypes);

    /// <summary>
    /// Every item of the bulk is called at once (a bulk holds at most 1000 entries, each item grain
    /// bounds its own queue); entries naming the same item form one chain, run in request order.
    /// </summary>
    public Task<IReadOnlyList<InventoryResult>> ExecuteAsync(string tenant, IReadOnlyList<ItemCommand> commands, ChangeContext context) =>
        CoordinatorTelemetry.MeasureFanoutAsync(tenant, context.Dialect, commands.Count, () => FanOutAsync(tenant, commands, context));

    private async Task<IReadOnlyList<InventoryResult>> FanOutAsync(string tenant, IReadOnlyList<ItemCommand> commands, ChangeContext context)
    {
        var results = new InventoryResult[commands.Count];

        // next[i]: the index of the next entry naming the same item as entry i, or -1.
        var next = new int[commands.Count];
        var last = new Dictionary<string, int>(commands.Count, StringComparer.Ordinal);
        var chains = new List<int>(commands.Count);
        for (var index = 0; index < commands.Count; index++)
        {
            next[index] = -1;
            if (last.TryGetValue(commands[index].ItemId, out var previous))
            {
                next[previous] = index;
            }
            else
            {
                chains.Add(index);
            }

            last[commands[index].ItemId] = index;
        }

        var running = new Task[chains.Count];
        for (var chain = 0; chain < chains.Count; chain++)
        {
            running[chain] = RunChainAsync(chains[chain]);
        }

        await Task.WhenAll(running);
        return results;

        async Task RunChainAsync(int first)
        {
            var grain = Items.Get(tenant, commands[first].ItemId);
            for (var index = first; index >= 0; index = next[index])
            {
                results[index] = await ExecuteOneAsync(grain, commands[index], context);
            }
        }
    }

    public Task<IReadOnlyList<InventoryResult>> ExecuteByIdentifierAsync(string tenant, IReadOnlyList<IdentifiedCommand> commands, ChangeContext context) =>
        CoordinatorTelemetry.MeasureFanoutAsync(tenant, context.Dialect, commands.Count, () => new IdentifiedCommandRunner(GrainFactory, tenant, (itemId, entry, command) =>
                ExecuteOneAsync(Items.Get(tenant, itemId), new ItemCommand(itemId, command) { OperationId = entry.OperationId }, context))
            .RunAsync(commands, MaxConcurrentLookups));

    private async Task<InventoryResult> ExecuteOneAsync(IInventoryItemGrain grain, ItemCommand command, ChangeContext context)
    {
        try
        {
            // The call's own response timeout (on the grain interface) bounds the wait.
            return await grain.ExecuteAsync(command.Command, command.OperationId is null ? context : context with { OperationId = command.OperationId });
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
