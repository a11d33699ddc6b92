using InventoryGrains.Abstractions.Inventory;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;
using InventoryGrains.Domain.Items;

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
    IOptions<BulkCoordinatorOptions> options,
    ILogger<BulkCoordinatorGrain> logger) : Grain, IBulkCoordinatorGrain
{
    /// <summary>How many identifier lookups one bulk request makes at once.</summary>
    public const int MaxConcurrentLookups = 64;

    private ItemGrainReferences? _items;

    private ItemGrainReferences Items => _items ??= ItemGrainReferences.Of(GrainFactory, ServiceProvider);

    /// <summary>
    /// Every item of the bulk is called at once (a bulk holds at most 1000 entries, each item grain
    /// bounds its own queue); entries naming the same item form one chain, run in request order.
    /// </summary>
    public Task<IReadOnlyList<ItemOutcome>> ExecuteAsync(string tenant, IReadOnlyList<ItemCommand> commands, ChangeContext context) =>
        CoordinatorTelemetry.MeasureFanoutAsync(tenant, context.Dialect, commands.Count, () =>
            AnswerByDeadlineAsync(commands.Count, index => commands[index].ItemId, (results, deadline) => FanOutAsync(tenant, commands, context, results, deadline)));

    private async Task FanOutAsync(string tenant, IReadOnlyList<ItemCommand> commands, ChangeContext context, ItemOutcome?[] results, CancellationToken deadline)
    {

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

        async Task RunChainAsync(int first)
        {
            var grain = Items.Get(tenant, commands[first].ItemId);
            for (var index = first; index >= 0; index = next[index])
            {
                results[index] = await ExecuteOneAsync(grain, commands[index], context, deadline);
            }
        }
    }

    public Task<IReadOnlyList<ItemOutcome>> ExecuteByIdentifierAsync(string tenant, IReadOnlyList<IdentifiedCommand> commands, ChangeContext context) =>
        CoordinatorTelemetry.MeasureFanoutAsync(tenant, context.Dialect, commands.Count, () =>
            AnswerByDeadlineAsync(commands.Count, _ => "", (results, deadline) =>
                new IdentifiedCommandRunner(GrainFactory, tenant, (itemId, entry, command) =>
                        ExecuteOneAsync(Items.Get(tenant, itemId), new ItemCommand(itemId, command) { OperationId = entry.OperationId }, context, deadline))
                    .RunAsync(commands, MaxConcurrentLookups, results)));

    /// <summary>
    /// Runs a bulk until it is done or <see cref="BulkCoordinatorOptions.Deadline"/> passes, whichever comes first, and
    /// answers every entry: with its result, or, past the deadline, <c>UNAVAILABLE</c> (its outcome
    /// is unknown: the call may still reach its item). The answers are a copy, so a call that comes
    /// back later changes nothing already answered.
    /// </summary>
    private async Task<IReadOnlyList<ItemOutcome>> AnswerByDeadlineAsync(
        int count, Func<int, string> itemIdOf, Func<ItemOutcome?[], CancellationToken, Task> run)
    {
        var results = new ItemOutcome?[count];
        using var deadline = new CancellationTokenSource();
        var running = run(results, deadline.Token);
        using (var timer = new CancellationTokenSource())
        {
            var expired = Task.Delay(options.Value.Deadline, timer.Token);
            if (await Task.WhenAny(running, expired) == running)
            {
                await timer.CancelAsync();
                await running;
            }
            else
            {
                await deadline.CancelAsync();
                ObserveLater(running);
            }
        }

        var answers = new ItemOutcome[count];
        for (var index = 0; index < count; index++)
        {
            answers[index] = results[index] ?? Unreachable(itemIdOf(index));
        }

        return answers;
    }

    /// <summary>A bulk left behind at its deadline still finishes; what it throws is not lost unobserved.</summary>
    private static void ObserveLater(Task running) =>
        running.ContinueWith(static task => _ = task.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);

    private static ItemRejected Unreachable(string itemId) =>
        ItemOutcome.Rejected(itemId, InventoryErrorCode.Unavailable, "The item could not be reached; the change may not have been applied.");

    private async Task<ItemOutcome> ExecuteOneAsync(IInventoryItemGrain grain, ItemCommand command, ChangeContext context, CancellationToken deadline)
    {
        if (deadline.IsCancellationRequested)
        {
            // The bulk has been answered: nothing more is sent for it.
            return Unreachable(command.ItemId);
        }

        try
        {
            // The call's own response timeout (on the grain interface) bounds the wait.
            return await grain.ExecuteAsync(command.Command, command.OperationId is null ? context : context with { OperationId = command.OperationId });
        }
        catch (Exception exception)
        {
            // A crash or timeout reaching one item is that entry's failure, never the bulk's.
            LogItemUnreachable(logger, exception, command.ItemId);
            return Unreachable(command.ItemId);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Inventory item {ItemId} could not be reached")]
    private static partial void LogItemUnreachable(ILogger logger, Exception exception, string itemId);
}
