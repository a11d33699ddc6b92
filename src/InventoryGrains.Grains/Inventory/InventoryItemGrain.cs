using System.Diagnostics;
using InventoryGrains.Abstractions;
using InventoryGrains.Abstractions.Idempotency;
using InventoryGrains.Abstractions.Identifiers;
using InventoryGrains.Abstractions.Inventory;
using InventoryGrains.Grains.Persistence;
using InventoryGrains.Storage.Items;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;
using Orleans.Runtime;
using InventoryGrains.Domain.Items;
using InventoryGrains.Domain.Identifiers;

namespace InventoryGrains.Grains.Inventory;

/// <summary>
/// One inventory item. Commands are queued and applied one at a time in arrival order, so the
/// revision check and the quantity rules always see a state nobody else is changing. The grain
/// interleaves calls only to take commands in: those that arrive while a write is in flight are
/// applied together as the next batch (each with its own revision and ledger entry), stored with
/// one write, and acknowledged after it, each with the state its own change produced. A hot item
/// therefore costs one store round trip per batch, not per change.
/// <para>
/// The queue is drained by a loop started by the call that finds it idle, on the grain's own
/// scheduler, so the first command of a quiet item is applied within its own call. (Orleans'
/// <c>BatchWorker</c> has the same semantics but starts every cycle as a new task on the
/// scheduler: two more work items per command, measurable on the bulk path.)
/// </para>
/// </summary>
[Reentrant]
public sealed partial class InventoryItemGrain : Grain, IInventoryItemGrain
{
    /// <summary>The most commands one write holds.</summary>
    public const int MaxBatchSize = 1000;

    private readonly IPersistentState<InventoryItemState> _state;
    private readonly TimeProvider _clock;
    private readonly IdempotencyOptions _idempotency;
    private readonly ILogger<InventoryItemGrain> _logger;
    private readonly Queue<QueuedCommand> _queue = new();
    private QueuedCommand[] _inFlight = [];
    private bool _draining;

    /// <summary>The state as last stored; what reads answer while a batch is being written.</summary>
    private InventoryItemState _committed;

    public InventoryItemGrain(
        [PersistentState("item", StorageNames.Items)] IPersistentState<InventoryItemState> state,
        TimeProvider clock,
        IOptions<IdempotencyOptions> idempotency,
        ILogger<InventoryItemGrain> logger)
    {
        _state = state;
        _clock = clock;
        _idempotency = idempotency.Value;
        _logger = logger;
        _committed = state.State;
    }

    private string ItemId => InventoryItemKey.Parse(this.GetPrimaryKeyString()).ItemId;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _committed = _state.State;
        return Task.CompletedTask;
    }

    public Task<InventoryResult> ExecuteAsync(InventoryCommand command, ChangeContext context)
    {
        var queued = new QueuedCommand(command, context);
        _queue.Enqueue(queued);
        if (!_draining)
        {
            _ = DrainAsync();
        }

        return queued.Completion.Task;
    }

    public Task<InventoryResult> GetAsync() => Task.FromResult(
        _committed.Exists
            ? InventoryResult.Ok(_committed.ToItem())
            : InventoryResult.Fail(ItemId, InventoryErrorCode.InventoryItemNotFound, $"Inventory item '{ItemId}' was not found."));

    /// <summary>Applies the queue, batch after batch, until it is empty; one loop at a time.</summary>
    private async Task DrainAsync()
    {
        _draining = true;
        try
        {
            while (_queue.Count > 0)
            {
                // A creation runs alone: it claims the item's variant at its location first, and
                // whatever follows it must see whether it succeeded.
                var batch = new QueuedCommand[_committed.Exists ? Math.Min(_queue.Count, MaxBatchSize) : 1];
                for (var i = 0; i < batch.Length; i++)
                {
                    batch[i] = _queue.Dequeue();
                }

                _inFlight = batch;
                if (!await ApplyBatchAsync(batch))
                {
                    // The store's outcome is unknown: nothing more runs on this activation. What is
                    // still queued fails too (nothing of it was applied), and the next call reloads.
                    while (_queue.TryDequeue(out var queued))
                    {
                        queued.Completion.TrySetResult(Unavailable());
                    }
                }
            }
        }
        catch (Exception exception)
        {
            // Not a store failure (those are answered above): nothing queued may wait forever.
            foreach (var queued in _inFlight.Concat(_queue))
            {
                queued.Completion.TrySetException(exception);
            }

            _queue.Clear();
            LogDrainFailed(_logger, exception, this.GetPrimaryKeyString());
            DeactivateOnIdle();
        }
        finally
        {
            _draining = false;
            _inFlight = [];
        }
    }

    /// <summary>Applies the commands in order to one working state, stores it once, then answers each.</summary>
    /// <returns>False when the store's outcome is unknown: every command of the batch was answered as unavailable.</returns>
    private async Task<bool> ApplyBatchAsync(QueuedCommand[] batch)
    {
        using var activity = ItemTelemetry.StartBatch(this.GetPrimaryKeyString(), batch, static queued => queued.Caller);
        var (working, results) = ApplyRules(batch);
        var before = _committed;
        if (!before.Exists && working.Exists && await ClaimVariantAsync(working) is { } refused)
        {
            // Another item is this variant at this location (or the index could not be asked).
            ItemTelemetry.Answered(activity, batch, static queued => queued.Context, [], [refused], true);
            batch[0].Completion.TrySetResult(refused);
            return true;
        }

        var outcome = ReferenceEquals(working, before) ? CommitOutcome.Stored : await _state.CommitAsync(working, this, _logger);
        var stored = outcome == CommitOutcome.Stored;
        ItemTelemetry.Answered(activity, batch, static queued => queued.Context, stored && !ReferenceEquals(working, before) ? working.PendingChanges : [], results, stored);
        if (stored && !ReferenceEquals(working, before))
        {
            working.PendingChanges.Clear();
            _committed = working;
            if (working.Deleted && !before.Deleted)
            {
                await ReleaseIndexEntriesAsync(working);
            }
        }

        for (var i = 0; i < batch.Length; i++)
        {
            batch[i].Completion.TrySetResult(outcome switch
            {
                CommitOutcome.Stored => results[i],

                // Known not stored: the store cannot hold a value of the batch. Definite, so no
                // repeat waits on it; the item stays as it was.
                CommitOutcome.Refused => InventoryResult.Fail(ItemId, InventoryErrorCode.InvalidArgument,
                    "The change holds a value the store cannot keep; nothing was changed."),
                _ => Unavailable(),
            });
        }

        return outcome != CommitOutcome.Unknown;
    }

    /// <summary>The state after the batch's commands, in order, and each command's own outcome.</summary>
    private (InventoryItemState Working, InventoryResult[] Results) ApplyRules(QueuedCommand[] batch)
    {
        var itemId = ItemId;
        var now = _clock.GetUtcNow();
        var working = _committed;
        var results = new InventoryResult[batch.Length];
        for (var i = 0; i < batch.Length; i++)
        {
            var (command, context) = (batch[i].Command, batch[i].Context);
            if (context.OperationId is { } operationId && working.FindOperation(operationId) is { } applied)
            {
                // Applied before (its answer may have been lost on the way): answered from the
                // record, applied nothing now. The item comes with it only while it is still the
                // state that operation made.
                results[i] = context.ReturnItem && working.Revision == applied.Revision
                    ? InventoryResult.Ok(working.ToItem()) with { Replayed = true }
                    : InventoryResult.Applied(itemId, applied.Revision) with { Replayed = true };
                continue;
            }

            var outcome = InventoryItemRules.Apply(working, itemId, command, context, now);
            if (outcome.Next is { } next)
            {
                if (context.OperationId is { } appliedOperation)
                {
                    next.RecordOperation(new AppliedOperation(appliedOperation, next.Revision, now), _idempotency.Retention, _idempotency.MaxOperationsPerItem);
                }

                working = next;
                results[i] = context.ReturnItem ? InventoryResult.Ok(next.ToItem()) : InventoryResult.Applied(itemId, next.Revision);
            }
            else
            {
                results[i] = new InventoryResult(itemId, null, outcome.Error);
            }
        }

        return (working, results);
    }

    /// <summary>
    /// Claims the new item's variant at its location in the index, before the item is stored: of
    /// two creations of one variant at one location, one gets the claim and the other an error. The
    /// claim is left pending: a pending claim whose item exists counts as held (the index asks the
    /// item), so a creation costs one index write, and a creation whose outcome is unknown cannot
    /// free a claim its stored item may hold.
    /// </summary>
    /// <returns>Null when claimed; otherwise the creation's answer.</returns>
    private async Task<InventoryResult?> ClaimVariantAsync(InventoryItemState created)
    {
        var tenant = InventoryItemKey.Parse(this.GetPrimaryKeyString()).Tenant;
        try
        {
            var claim = await GrainFactory.GetGrain<IIdentifierIndexGrain>(VariantIndexKey.Format(tenant, created.VariantId)).ClaimAsync(created.LocationId, ItemId);
            return claim.Claimed
                ? null
                : InventoryResult.Fail(ItemId, InventoryErrorCode.ItemAlreadyExists,
                    $"Inventory item '{claim.HolderItemId}' already is variant '{created.VariantId}' at location '{created.LocationId}'.");
        }
        catch (Exception exception)
        {
            LogIndexUnreachable(_logger, exception, this.GetPrimaryKeyString());
            return InventoryResult.Fail(ItemId, InventoryErrorCode.Unavailable, "The variant index could not be reached; nothing was created.");
        }
    }

    /// <summary>
    /// Frees the deleted item's variant and identifiers for other items. Best effort: an entry left
    /// behind names an item that no longer exists, and the index gives it to the next claimant.
    /// </summary>
    private async Task ReleaseIndexEntriesAsync(InventoryItemState deleted)
    {
        var tenant = InventoryItemKey.Parse(this.GetPrimaryKeyString()).Tenant;
        var keys = new List<string> { VariantIndexKey.Format(tenant, deleted.VariantId) };
        foreach (var identifier in deleted.Identifiers)
        {
            if (ProductIdentifier.TryNormalize(identifier, out var key, out _))
            {
                keys.Add(TenantKey.Format(tenant, key));
            }
        }

        try
        {
            await Task.WhenAll(keys.Select(key => GrainFactory.GetGrain<IIdentifierIndexGrain>(key).ReleaseAsync(deleted.LocationId, ItemId)));
        }
        catch (Exception exception)
        {
            LogIndexUnreachable(_logger, exception, this.GetPrimaryKeyString());
        }
    }

    private InventoryResult Unavailable() =>
        InventoryResult.Fail(ItemId, InventoryErrorCode.Unavailable, "The change could not be confirmed as stored: it may or may not have been applied. Read the item, or repeat the change with the same idempotency key.");

    [LoggerMessage(Level = LogLevel.Warning, Message = "The identifier index could not be reached for inventory item {Key}")]
    private static partial void LogIndexUnreachable(ILogger logger, Exception exception, string key);

    [LoggerMessage(Level = LogLevel.Error, Message = "Applying the commands of inventory item {Key} failed; they were answered with the error and the activation is dropped")]
    private static partial void LogDrainFailed(ILogger logger, Exception exception, string key);

    private sealed class QueuedCommand(InventoryCommand command, ChangeContext context)
    {
        public InventoryCommand Command { get; } = command;

        public ChangeContext Context { get; } = context;

        /// <summary>The caller's span, so that the batch that applies this command joins the caller's trace.</summary>
        public ActivityContext Caller { get; } = Activity.Current?.Context ?? default;

        public TaskCompletionSource<InventoryResult> Completion { get; } = new();
    }
}
