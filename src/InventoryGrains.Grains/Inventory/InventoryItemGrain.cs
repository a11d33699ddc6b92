using System.Diagnostics;
using System.Globalization;
using InventoryGrains.Abstractions;
using InventoryGrains.Abstractions.Idempotency;
using InventoryGrains.Abstractions.Identifiers;
using InventoryGrains.Abstractions.Inventory;
using InventoryGrains.Domain.Identifiers;
using InventoryGrains.Domain.Items;
using InventoryGrains.Domain.Operations;
using InventoryGrains.Grains.Persistence;
using InventoryGrains.Storage.Items;
using InventoryGrains.Storage.Reservations;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;
using Orleans.Runtime;

namespace InventoryGrains.Grains.Inventory;

/// <summary>
/// One inventory item: the shell around its model (<see cref="InventoryItemRules"/>). Commands are
/// queued and applied one at a time in arrival order, so the revision check and the quantity rules
/// always see a state nobody else is changing. The grain interleaves calls only to take commands in:
/// those that arrive while a write is in flight are applied together as the next batch (each with
/// its own revision and ledger entry), stored with one write, and acknowledged after it, each with
/// the state its own change produced. A hot item therefore costs one store round trip per batch,
/// not per change, and a command costs the same however many came before it.
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
    private readonly ILogger<InventoryItemGrain> _logger;
    private readonly string _tenant;
    private readonly string _itemId;
    private readonly AppliedOperations _operations;
    private readonly TimeSpan _holdTimeout;
    private readonly IReservationStore _reservations;
    private readonly Queue<QueuedCommand> _queue = new();
    private QueuedCommand[] _inFlight = [];
    private bool _draining;

    /// <summary>The prepared write the item holds for, if any.</summary>
    private Hold? _hold;

    /// <summary>A group write was stored after the item stopped holding for it: the store has moved on, and the item reads itself back before it applies anything.</summary>
    private bool _stale;

    /// <summary>The state as last stored; what reads answer while a batch is being written.</summary>
    private InventoryItemState _committed;

    public InventoryItemGrain(
        [PersistentState("item", StorageNames.Items)] IPersistentState<InventoryItemState> state,
        TimeProvider clock,
        IOptions<IdempotencyOptions> idempotency,
        IOptions<AllOrNothingOptions> allOrNothing,
        IReservationStore reservations,
        ILogger<InventoryItemGrain> logger)
    {
        ArgumentNullException.ThrowIfNull(idempotency);
        ArgumentNullException.ThrowIfNull(allOrNothing);
        _holdTimeout = allOrNothing.Value.HoldTimeout;
        _state = state;
        _reservations = reservations;
        _clock = clock;
        _logger = logger;
        (_tenant, _itemId) = InventoryItemKey.Parse(this.GetPrimaryKeyString());
        _operations = new AppliedOperations(idempotency.Value.Retention, idempotency.Value.MaxOperationsPerItem);
        _committed = state.State;
    }

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _committed = _state.State;
        _operations.RecordAll(_committed.RecentOperations);
        return Task.CompletedTask;
    }

    public Task<ItemOutcome> ExecuteAsync(InventoryCommand command, ChangeContext context)
    {
        var queued = new QueuedCommand(command, context);
        _queue.Enqueue(queued);
        if (!_draining)
        {
            _ = DrainAsync();
        }

        return queued.Completion!.Task;
    }

    public Task<ItemPreparation> PrepareAsync(string token, InventoryCommand command, ChangeContext context)
    {
        var queued = new QueuedCommand(command, context, token);
        _queue.Enqueue(queued);
        if (!_draining)
        {
            _ = DrainAsync();
        }

        return queued.Preparation!.Task;
    }

    public Task CompleteAsync(string token, PreparedWriteEnd outcome, long? storedVersion)
    {
        if (_hold is { } hold && string.Equals(hold.Token, token, StringComparison.Ordinal))
        {
            // Answered once the item has taken the end in, so a read after the coordinator's answer sees the write.
            hold.Ended.TrySetResult((outcome, storedVersion));
            return hold.Settled.Task;
        }
        else if (outcome != PreparedWriteEnd.Abandoned)
        {
            // The item stopped holding for this write before it was told: if the write was stored,
            // the store has moved on without the item.
            _stale = true;
            if (!_draining)
            {
                _ = DrainAsync();
            }
        }

        return Task.CompletedTask;
    }

    public Task<InventoryItem?> GetAsync() => Task.FromResult(_committed.Exists ? _committed.ToItem() : null);

    /// <summary>Applies the queue, batch after batch, until it is empty; one loop at a time.</summary>
    private async Task DrainAsync()
    {
        _draining = true;
        try
        {
            while (_stale || _queue.Count > 0)
            {
                bool known;
                if (_stale)
                {
                    known = await ReloadAsync();
                }
                else if (_queue.Peek().Preparation is not null)
                {
                    var prepare = _queue.Dequeue();
                    _inFlight = [prepare];
                    known = await PrepareAndHoldAsync(prepare);
                }
                else
                {
                    // A creation runs alone: it claims the item's variant and identifiers first, and
                    // whatever follows it must see whether it succeeded. A prepare ends a batch, and
                    // so does a second step of a reservation the batch stores (a commit writes a
                    // reservation once).
                    var batch = new List<QueuedCommand>(_committed.Exists ? Math.Min(_queue.Count, MaxBatchSize) : 1);
                    HashSet<string>? recorded = null;
                    do
                    {
                        var taken = _queue.Dequeue();
                        batch.Add(taken);
                        if (taken.Command is ApplyReservation { Record: { } record })
                        {
                            (recorded ??= new(StringComparer.Ordinal)).Add(record.Next.Id);
                        }
                    }
                    while (_committed.Exists && batch.Count < MaxBatchSize && _queue.TryPeek(out var next) && next.Preparation is null
                        && !(next.Command is ApplyReservation { Record: { } again } && recorded is not null && recorded.Contains(again.Next.Id)));

                    _inFlight = [.. batch];
                    known = await ApplyBatchAsync(_inFlight);
                }

                if (!known)
                {
                    // The store's outcome is unknown: nothing more runs on this activation. What is
                    // still queued fails too (nothing of it was applied), and the next call reloads.
                    while (_queue.TryDequeue(out var queued))
                    {
                        queued.Fail(Unavailable());
                    }

                    _stale = false;
                }
            }
        }
        catch (Exception exception)
        {
            // Not a store failure (those are answered above): nothing queued may wait forever.
            foreach (var queued in _inFlight.Concat(_queue))
            {
                queued.Fail(exception);
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
        var applied = ApplyRules(batch);
        var before = _committed;
        var working = applied.Working;
        if (ReferenceEquals(working, before))
        {
            // Nothing changed: every command was rejected or replayed.
            ItemTelemetry.Answered(activity, batch, static queued => queued.Context, [], applied.Outcomes, true);
            Answer(batch, applied.Outcomes);
            return true;
        }

        List<string>? claimed = null;
        if (!before.Exists && working.Exists)
        {
            var claim = await ClaimIndexEntriesAsync(working);
            if (claim.Refused is { } refused)
            {
                // Another item is this variant, or holds one of these identifiers, at this location.
                ItemTelemetry.Answered(activity, batch, static queued => queued.Context, [], [refused], true);
                batch[0].Completion!.TrySetResult(refused);
                return true;
            }

            claimed = claim.Keys;
        }

        var reservations = ReservationsStoredWith(batch, applied.Outcomes);
        CommitOutcome outcome;
        if (reservations.Count == 0)
        {
            working.PendingChanges = applied.Changes;
            outcome = await _state.CommitAsync(working, this, _logger);
            working.PendingChanges = [];
        }
        else
        {
            (outcome, var moved) = await CommitWithReservationsAsync(working, applied.Changes, reservations);
            if (moved is not null)
            {
                // A reservation had moved on (another activation of it stored a step): nothing was
                // stored. Its step is answered as unknown (it reads itself back); the rest runs again.
                ItemTelemetry.Answered(activity, batch, static queued => queued.Context, [], applied.Outcomes, false);
                var rest = new List<QueuedCommand>(batch.Length);
                foreach (var queued in batch)
                {
                    if (queued.Command is ApplyReservation { Record: { } record } && string.Equals(record.Next.Id, moved, StringComparison.Ordinal))
                    {
                        queued.Completion!.TrySetResult(Unavailable());
                    }
                    else
                    {
                        rest.Add(queued);
                    }
                }

                return rest.Count == 0 || await ApplyBatchAsync([.. rest]);
            }
        }

        var stored = outcome == CommitOutcome.Stored;
        ItemTelemetry.Answered(activity, batch, static queued => queued.Context, stored ? applied.Changes : [], applied.Outcomes, stored);
        switch (outcome)
        {
            case CommitOutcome.Stored:
                _committed = working;
                foreach (var operation in applied.Operations)
                {
                    _operations.Record(operation);
                }

                if (working.Deleted && !before.Deleted)
                {
                    await ReleaseIndexEntriesAsync(working);
                }

                Answer(batch, applied.Outcomes);
                return true;

            case CommitOutcome.Refused:
                // Known not stored: the store cannot hold a value of the batch. Definite, so no
                // repeat waits on it; the item stays as it was, and a creation frees its claims.
                if (claimed is not null)
                {
                    await ReleaseAsync(claimed, working.LocationId);
                }

                var refusal = ItemOutcome.Rejected(_itemId, InventoryErrorCode.InvalidArgument, "The change holds a value the store cannot keep; nothing was changed.");
                Answer(batch, [.. batch.Select(_ => refusal)]);
                return true;

            default:
                // Unknown: a creation's claims stay pending, held while the item exists.
                var unavailable = Unavailable();
                Answer(batch, [.. batch.Select(_ => unavailable)]);
                return false;
        }
    }

    /// <summary>The reservations whose steps the batch applies and stores for them (reservations of this item alone).</summary>
    private List<ReservationWrite> ReservationsStoredWith(QueuedCommand[] batch, ItemOutcome[] outcomes)
    {
        List<ReservationWrite>? reservations = null;
        for (var i = 0; i < batch.Length; i++)
        {
            if (batch[i].Command is ApplyReservation { Record: { } record } && outcomes[i] is ItemApplied { Replayed: false })
            {
                (reservations ??= []).Add(new ReservationWrite(_tenant, record.ExpectedVersion, record.Next));
            }
        }

        return reservations ?? [];
    }

    /// <summary>
    /// Stores the batch with the reservations whose steps it takes, in one commit of the store, then
    /// takes the version in as after a group write.
    /// </summary>
    /// <returns>With the id of a reservation whose version check failed when one did: then nothing was stored.</returns>
    private async Task<(CommitOutcome Outcome, string? MovedReservation)> CommitWithReservationsAsync(InventoryItemState working, List<ChangeLogEntry> changes, List<ReservationWrite> reservations)
    {
        var expected = _state.Etag is { } etag ? long.Parse(etag, CultureInfo.InvariantCulture) : (long?)null;
        try
        {
            var (_, versions) = await _reservations.WriteReservationsAsync(reservations, [new ItemWrite(new ItemKey(_tenant, _itemId), expected, working, changes)]);
            working.StoredAtVersion = versions[0];
        }
        catch (ReservationVersionConflictException conflict)
        {
            LogReservationMoved(_logger, conflict.ReservationId, _itemId);
            return (CommitOutcome.Refused, conflict.ReservationId);
        }
        catch (StorageRefusedException refused)
        {
            LogReservationWriteRefused(_logger, refused.Message, _itemId);
            return (CommitOutcome.Refused, null);
        }
        catch (Exception exception)
        {
            // Failed, lost its answer, or another activation of the item wrote first: the store holds the truth.
            LogReservationWriteFailed(_logger, exception, _itemId);
            DeactivateOnIdle();
            return (CommitOutcome.Unknown, null);
        }

        return (await _state.CommitAsync(working, this, _logger), null);
    }

    private static void Answer(QueuedCommand[] batch, ItemOutcome[] outcomes)
    {
        for (var i = 0; i < batch.Length; i++)
        {
            batch[i].Completion!.TrySetResult(outcomes[i]);
        }
    }

    /// <summary>
    /// Checks a change for a group write and, when it would apply, holds: answers the prepared
    /// write, then waits until the write's coordinator says how it ended (or the hold times out)
    /// before anything else is applied.
    /// </summary>
    /// <returns>False when the item could not read itself back after an unknown end.</returns>
    private async Task<bool> PrepareAndHoldAsync(QueuedCommand prepare)
    {
        var applied = ApplyRules([prepare]);
        var outcome = applied.Outcomes[0];
        if (outcome is not ItemApplied { Replayed: false } || ReferenceEquals(applied.Working, _committed) || !_committed.Exists)
        {
            // Refused, or applied before: nothing to hold for.
            prepare.Preparation!.TrySetResult(new ItemPreparation(
                outcome is ItemApplied { Replayed: false } ? ItemOutcome.Rejected(_itemId, InventoryErrorCode.InventoryItemNotFound, $"Inventory item '{_itemId}' was not found.") : outcome,
                null));
            return true;
        }

        var hold = new Hold(prepare.Token!);
        _hold = hold;
        var expected = _state.Etag is { } etag ? long.Parse(etag, CultureInfo.InvariantCulture) : (long?)null;
        prepare.Preparation!.TrySetResult(new ItemPreparation(outcome, new PreparedWrite(expected, applied.Working, applied.Changes)));

        (PreparedWriteEnd End, long? Version) ended;
        try
        {
            ended = await hold.Ended.Task.WaitAsync(_holdTimeout);
        }
        catch (TimeoutException)
        {
            LogHoldTimedOut(_logger, this.GetPrimaryKeyString(), _holdTimeout);
            ended = (PreparedWriteEnd.Unknown, null);
        }
        finally
        {
            _hold = null;
        }

        try
        {
            return await TakeInAsync(ended, applied, prepare);
        }
        finally
        {
            hold.Settled.TrySetResult();
        }
    }

    /// <summary>Takes in how a held write ended: stored (it becomes the item's state), abandoned, or unknown (read back).</summary>
    private async Task<bool> TakeInAsync((PreparedWriteEnd End, long? Version) ended, AppliedBatch applied, QueuedCommand prepare)
    {
        switch (ended)
        {
            case (PreparedWriteEnd.Stored, { } version):
                // Stored already: writing it stores nothing and takes the version the group write gave it.
                applied.Working.StoredAtVersion = version;
                if (await _state.CommitAsync(applied.Working, this, _logger) != CommitOutcome.Stored)
                {
                    return false;
                }

                _committed = applied.Working;
                foreach (var operation in applied.Operations)
                {
                    _operations.Record(operation);
                }

                ItemTelemetry.Answered(null, [prepare], static queued => queued.Context, applied.Changes, applied.Outcomes, stored: true);
                return true;

            case (PreparedWriteEnd.Abandoned, _):
                return true;

            default:
                return await ReloadAsync();
        }
    }

    /// <summary>Reads the item back from the store: what it holds now is the truth.</summary>
    private async Task<bool> ReloadAsync()
    {
        _stale = false;
        try
        {
            await _state.ReadStateAsync();
        }
        catch (Exception exception)
        {
            LogReloadFailed(_logger, exception, this.GetPrimaryKeyString());
            DeactivateOnIdle();
            return false;
        }

        _committed = _state.State;
        _operations.RecordAll(_committed.RecentOperations);
        return true;
    }

    /// <summary>The state after the batch's commands, in order, each command's outcome, and what the batch adds to the ledger and to the operations remembered.</summary>
    private AppliedBatch ApplyRules(QueuedCommand[] batch)
    {
        var now = _clock.GetUtcNow();
        var working = _committed;
        var outcomes = new ItemOutcome[batch.Length];
        var changes = new List<ChangeLogEntry>(batch.Length);
        List<AppliedOperation>? operations = null;
        for (var i = 0; i < batch.Length; i++)
        {
            var (command, context) = (batch[i].Command, batch[i].Context);
            if (context.OperationId is { } operationId && FindOperation(operationId, operations) is { } earlier)
            {
                // Applied before (its answer may have been lost on the way): answered, not applied
                // again, with the item as it is now when the caller wants it.
                outcomes[i] = new ItemApplied(_itemId, earlier.Revision, context.ReturnItem && working.Exists ? working.ToItem() : null, Replayed: true);
                continue;
            }

            var rule = InventoryItemRules.Apply(working, _itemId, command, context, now);
            if (rule is { Next: { } next })
            {
                working = next;
                changes.AddRange(rule.Changes);
                if (context.OperationId is { } appliedOperation)
                {
                    (operations ??= []).Add(new AppliedOperation(appliedOperation, next.Revision, now));
                }

                outcomes[i] = new ItemApplied(_itemId, next.Revision, context.ReturnItem ? next.ToItem() : null) { Quantities = rule.Quantities };
            }
            else if (rule.Error is { } error)
            {
                outcomes[i] = new ItemRejected(_itemId, error) { Lines = rule.Lines };
            }
            else
            {
                throw new UnreachableException("A rule gives the next state with its change, or an error.");
            }
        }

        return new AppliedBatch(working, outcomes, changes, operations ?? []);
    }

    /// <summary>The operation as applied by this batch (a repeat within one batch) or an earlier one.</summary>
    private AppliedOperation? FindOperation(string operationId, List<AppliedOperation>? appliedInBatch)
    {
        if (appliedInBatch is not null)
        {
            foreach (var operation in appliedInBatch)
            {
                if (string.Equals(operation.OperationId, operationId, StringComparison.Ordinal))
                {
                    return operation;
                }
            }
        }

        return _operations.Find(operationId);
    }

    /// <summary>
    /// Claims the new item's variant and identifiers at its location in the index, before the item
    /// is stored: of two creations of one variant (or identifier) at one location, one gets the
    /// claim and the other an error. The item is the only one that claims and releases its entries.
    /// A claim is left pending: a pending claim whose item exists counts as held, so a creation
    /// costs one index write per entry, and a creation whose outcome is unknown cannot free a claim
    /// its stored item may hold.
    /// </summary>
    private async Task<IndexClaim> ClaimIndexEntriesAsync(InventoryItemState created)
    {
        var keys = new List<(string Key, ItemIdentifier? Identifier)> { (VariantIndexKey.Format(_tenant, created.VariantId), null) };
        foreach (var identifier in created.Identifiers)
        {
            if (ProductIdentifier.TryNormalize(identifier, out var key, out _))
            {
                keys.Add((TenantKey.Format(_tenant, key), identifier));
            }
        }

        IdentifierClaim[] claims;
        try
        {
            claims = await Task.WhenAll(keys.Select(entry => Index(entry.Key).ClaimAsync(created.LocationId, _itemId)));
        }
        catch (Exception exception)
        {
            LogIndexUnreachable(_logger, exception, this.GetPrimaryKeyString());
            await ReleaseAsync([.. keys.Select(entry => entry.Key)], created.LocationId);
            return new IndexClaim([], ItemOutcome.Rejected(_itemId, InventoryErrorCode.Unavailable, "The identifier index could not be reached; nothing was created."));
        }

        var refusedAt = Array.FindIndex(claims, claim => !claim.Claimed);
        if (refusedAt < 0)
        {
            return new IndexClaim([.. keys.Select(entry => entry.Key)], null);
        }

        await ReleaseAsync([.. keys.Where((_, i) => claims[i].Claimed).Select(entry => entry.Key)], created.LocationId);
        var (_, taken) = keys[refusedAt];
        var holder = claims[refusedAt].HolderItemId;
        return new IndexClaim([], taken is null
            ? ItemOutcome.Rejected(_itemId, InventoryErrorCode.ItemAlreadyExists,
                $"Inventory item '{holder}' already is variant '{created.VariantId}' at location '{created.LocationId}'.")
            : ItemOutcome.Rejected(_itemId, InventoryErrorCode.DuplicateIdentifier,
                $"Identifier '{taken.Value}' is already registered at location '{created.LocationId}' for item '{holder}'."));
    }

    /// <summary>
    /// Frees the deleted item's variant and identifiers for other items. Best effort: an entry left
    /// behind names an item that no longer exists, and the index gives it to the next claimant.
    /// </summary>
    private Task ReleaseIndexEntriesAsync(InventoryItemState deleted)
    {
        var keys = new List<string> { VariantIndexKey.Format(_tenant, deleted.VariantId) };
        foreach (var identifier in deleted.Identifiers)
        {
            if (ProductIdentifier.TryNormalize(identifier, out var key, out _))
            {
                keys.Add(TenantKey.Format(_tenant, key));
            }
        }

        return ReleaseAsync(keys, deleted.LocationId);
    }

    /// <summary>Best effort: a claim that could not be released stays pending, and the index gives it away once it sees no item holds it.</summary>
    private async Task ReleaseAsync(IReadOnlyList<string> keys, string locationId)
    {
        try
        {
            await Task.WhenAll(keys.Select(key => Index(key).ReleaseAsync(locationId, _itemId)));
        }
        catch (Exception exception)
        {
            LogIndexUnreachable(_logger, exception, this.GetPrimaryKeyString());
        }
    }

    private IIdentifierIndexGrain Index(string key) => GrainFactory.GetGrain<IIdentifierIndexGrain>(key);

    private ItemRejected Unavailable() =>
        ItemOutcome.Rejected(_itemId, InventoryErrorCode.Unavailable, "The change could not be confirmed as stored: it may or may not have been applied. Read the item, or repeat the change with the same idempotency key.");

    [LoggerMessage(Level = LogLevel.Warning, Message = "The identifier index could not be reached for inventory item {Key}")]
    private static partial void LogIndexUnreachable(ILogger logger, Exception exception, string key);

    [LoggerMessage(Level = LogLevel.Information, Message = "Reservation {ReservationId} had moved on when inventory item {ItemId} stored its step; nothing of the batch was stored, and the rest of it runs again")]
    private static partial void LogReservationMoved(ILogger logger, string reservationId, string itemId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The store refused a batch of inventory item {ItemId} with reservations: {Reason}; nothing was stored")]
    private static partial void LogReservationWriteRefused(ILogger logger, string reason, string itemId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A batch of inventory item {ItemId} with reservations has an unknown outcome; the item reads itself back")]
    private static partial void LogReservationWriteFailed(ILogger logger, Exception exception, string itemId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Inventory item {Key} held {HoldTimeout} for a prepared write without being told how it ended; it reads itself back from the store")]
    private static partial void LogHoldTimedOut(ILogger logger, string key, TimeSpan holdTimeout);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Inventory item {Key} could not read itself back from the store; the activation is dropped")]
    private static partial void LogReloadFailed(ILogger logger, Exception exception, string key);

    [LoggerMessage(Level = LogLevel.Error, Message = "Applying the commands of inventory item {Key} failed; they were answered with the error and the activation is dropped")]
    private static partial void LogDrainFailed(ILogger logger, Exception exception, string key);

    private sealed record AppliedBatch(InventoryItemState Working, ItemOutcome[] Outcomes, List<ChangeLogEntry> Changes, IReadOnlyList<AppliedOperation> Operations);

    /// <param name="Keys">The index entries claimed, when every one was.</param>
    /// <param name="Refused">The creation's answer, when one was not.</param>
    private sealed record IndexClaim(List<string> Keys, ItemRejected? Refused);

    /// <summary>A command to apply, or, with a <see cref="Token"/>, to prepare for a group write.</summary>
    private sealed class QueuedCommand(InventoryCommand command, ChangeContext context, string? token = null)
    {
        public InventoryCommand Command { get; } = command;

        public ChangeContext Context { get; } = context;

        public string? Token { get; } = token;

        /// <summary>The caller's span, so that the batch that applies this command joins the caller's trace.</summary>
        public ActivityContext Caller { get; } = Activity.Current?.Context ?? default;

        public TaskCompletionSource<ItemOutcome>? Completion { get; } = token is null ? new() : null;

        public TaskCompletionSource<ItemPreparation>? Preparation { get; } = token is null ? null : new();

        public void Fail(ItemRejected rejected)
        {
            Completion?.TrySetResult(rejected);
            Preparation?.TrySetResult(new ItemPreparation(rejected, null));
        }

        public void Fail(Exception exception)
        {
            Completion?.TrySetException(exception);
            Preparation?.TrySetException(exception);
        }
    }

    /// <summary>A prepared write the item holds for, until its coordinator says how it ended.</summary>
    private sealed class Hold(string token)
    {
        public string Token { get; } = token;

        public TaskCompletionSource<(PreparedWriteEnd End, long? Version)> Ended { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>Set once the item has taken the end in: what it answers from then on includes the write, or not.</summary>
        public TaskCompletionSource Settled { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
