using InventoryGrains.Abstractions.Inventory;
using InventoryGrains.Abstractions.Reservations;
using InventoryGrains.Domain.Items;
using InventoryGrains.Domain.Reservations;
using InventoryGrains.Grains.Inventory;
using InventoryGrains.Storage.Items;
using InventoryGrains.Storage.Reservations;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace InventoryGrains.Grains.Reservations;

/// <summary>
/// One reservation. Its rules (<see cref="ReservationRules"/>) decide each transition; the grain
/// stores the reservation's new state together with its items' changes in one commit
/// (<see cref="AllOrNothingWrite"/>, writing through <see cref="IReservationStore"/>), and answers
/// only then. The commit is the decision: it is made once, and holds the status and the quantities
/// it moved together. While held, a timer expires it on time; after its silo stopped, the expiry
/// sweep (<see cref="ReservationExpiryGrain"/>) finds it in the store and wakes it.
/// </summary>
public sealed partial class ReservationGrain(
    IReservationStore store,
    IOptions<ReservationOptions> options,
    TimeProvider time,
    ILogger<ReservationGrain> logger) : Grain, IReservationGrain
{
    private const string Dialect = "service";

    private readonly ReservationOptions _options = options.Value;
    private string _tenant = "";
    private string _id = "";
    private StoredReservation? _stored;

    /// <summary>Set when a write's outcome is unknown: the reservation is read back before the next decision.</summary>
    private bool _stale = true;

    /// <summary>Whether this activation has read or written the reservation.</summary>
    private bool _read;
    private IGrainTimer? _expiryTimer;

    /// <summary>The reservation is read on its first call (or reminder), so a store that cannot be read fails that call, not the activation.</summary>
    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        (_tenant, _id) = ReservationKey.Parse(this.GetPrimaryKeyString());
        return Task.CompletedTask;
    }

    public async Task<Reservation?> GetAsync()
    {
        if (_stale)
        {
            await ReadBackAsync();
        }

        return _stored?.Reservation;
    }

    public async Task<ReservationOutcome> CreateAsync(IReadOnlyList<ReservationLine> lines, string? reference, TimeSpan expiresIn)
    {
        ArgumentNullException.ThrowIfNull(lines);
        if (ReservationRules.CheckCreate(lines, expiresIn) is { } invalid)
        {
            throw new ArgumentException(invalid, nameof(lines));
        }

        // A new activation does not read first: a reservation is created far more often than an id
        // is repeated, and the store refuses to create one that exists (nothing of it is stored).
        // When it is not created (refused, or unknown), it reads back and decides again: the
        // request may repeat one that created it.
        var blind = _stale && !_read;
        for (var round = 0; ; round++)
        {
            if (!blind && !await TryReadBackAsync())
            {
                return Unreadable();
            }

            var outcome = await DoAsync(ReservationRules.Create(blind ? null : _stored?.Reservation, _id, lines, reference, expiresIn, time.GetUtcNow()));
            if (!blind || outcome is ReservationDone || round == 1)
            {
                return outcome;
            }

            blind = false;
        }
    }

    public async Task<ReservationOutcome> ApplyAsync(ReservationAction action, TimeSpan? extendBy)
    {
        // Decided again at most a few times: after the expiry it made first, or after its items
        // refused a step this activation believed due (the reservation had moved on without it).
        for (var round = 0; ; round++)
        {
            if (!await TryReadBackAsync())
            {
                return Unreadable();
            }

            var decision = ReservationRules.Transition(_stored?.Reservation, _id, action, extendBy, time.GetUtcNow());
            var outcome = await DoAsync(decision);
            var decideAgain = decision switch
            {
                ReservationChange { ExpiredFirst: true } => outcome is ReservationDone,
                ReservationChange => outcome is ReservationRefused { Code: null },
                _ => false,
            };
            if (!decideAgain || round == 2)
            {
                return decision is ReservationChange { ExpiredFirst: true } && outcome is not ReservationDone
                    ? new ReservationUnknown($"Reservation '{_id}' had expired and its expiry could not be stored yet; repeat the request.")
                    : outcome;
            }
        }
    }

    /// <summary>Woken by the expiry sweep: expires now if due (after its silo stopped, nothing else would).</summary>
    public Task WakeAsync() => ExpireIfDueAsync();

    private async Task<ReservationOutcome> DoAsync(ReservationDecision decision) => decision switch
    {
        ReservationUnchanged unchanged => new ReservationDone(unchanged.Reservation, Created: false),
        ReservationRefusal refusal => new ReservationRefused(refusal.Code, refusal.Description, []),
        ReservationChange change => await CommitAsync(change),
        _ => throw new System.Diagnostics.UnreachableException(decision.GetType().Name),
    };

    /// <summary>Stores the change with its items' steps, all or nothing, then sets the expiry timer for the new status.</summary>
    private async Task<ReservationOutcome> CommitAsync(ReservationChange change)
    {
        var next = change.Next;
        var write = new ReservationWrite(_tenant, _stored?.Version, next);
        using var activity = ReservationTelemetry.StartTransition(_tenant, next, change.Step, next.PerItem().Count);
        long? version = null;
        GroupOutcome outcome;
        try
        {
            if (change.Step is not { } step)
            {
                version = (await store.WriteReservationAsync(write, [])).Reservation;
                outcome = new GroupApplied([]);
            }
            else if (next.PerItem() is [var only])
            {
                // One item: the item stores the reservation with its step, in one commit, and takes
                // the steps of many reservations in one batch.
                var context = new ChangeContext(change.Reason, Dialect) { ReturnItem = false, OperationId = OperationId(step) };
                var record = new ReservationRecord(next, _stored?.Version);
                var result = await ItemGrainReferences.Of(GrainFactory, ServiceProvider).Get(_tenant, only.ItemId).ExecuteAsync(new ApplyReservation(_id, step, only.Quantity, record), context);
                outcome = result switch
                {
                    ItemApplied { Replayed: false } applied => new GroupApplied([applied]),
                    ItemRejected { Code: not InventoryErrorCode.Unavailable } refused => new GroupRejected([refused]),
                    _ => new GroupUnknown("The item could not confirm the reservation's step as stored."),
                };
                version = outcome is GroupApplied ? (_stored?.Version ?? 0) + 1 : null;
            }
            else
            {
                var parts = next.PerItem().Select(line => (line.ItemId, (InventoryCommand)new ApplyReservation(_id, step, line.Quantity))).ToList();
                var context = new ChangeContext(change.Reason, Dialect) { ReturnItem = false, OperationId = OperationId(step) };
                outcome = await new AllOrNothingWrite(ItemGrainReferences.Of(GrainFactory, ServiceProvider), _tenant, async items =>
                {
                    var written = await store.WriteReservationAsync(write, items);
                    version = written.Reservation;
                    return written.Items;
                }, logger).RunAsync(parts, context);
            }
        }
        catch (Exception exception)
        {
            LogWriteUnknown(logger, exception, _id);
            outcome = new GroupUnknown("The reservation's change could not be confirmed as stored.");
        }

        switch (outcome)
        {
            case GroupApplied when version is { } stored:
                _stored = new StoredReservation(next, stored);
                (_stale, _read) = (false, true);
                ReservationTelemetry.Transitioned(_stored.Reservation, change.Step);
                break;
            case GroupRejected rejected:
                // The items refused: they may know of a transition this activation does not (another
                // activation of the reservation made it while the cluster changed). Read back first.
                _stale = true;
                activity?.SetTag("inventory.reservation.outcome", "refused");
                return new ReservationRefused(null, $"{rejected.Items.Count} of the reservation's items cannot take it; nothing was changed.", Refusals(next, rejected));
            default:
                // Unknown (or every item had applied it before while the reservation's row said otherwise): read back before deciding again.
                _stale = true;
                activity?.SetStatus(System.Diagnostics.ActivityStatusCode.Error, "the transition's outcome is unknown");
                return new ReservationUnknown($"It is not known whether reservation '{_id}' changed; repeat the request (the same request again is answered as it ended).");
        }

        ScheduleExpiry();
        if (next.Status != ReservationStatus.Held)
        {
            // Nothing left to time: the next request, if any comes, reads it back. Checkouts end
            // by the thousand a second, and their reservations would otherwise stay in memory.
            DeactivateOnIdle();
        }

        return new ReservationDone(next, Created: change.Step == ReservationStep.Hold);
    }

    private string OperationId(ReservationStep step) => $"reservation:{_id}:{step.ToString().ToLowerInvariant()}";

    /// <summary>Every line naming an item that refused, with the item's reason (and what was available, for a hold).</summary>
    private static List<ReservationLineRefusal> Refusals(Reservation reservation, GroupRejected rejected)
    {
        var byItem = rejected.Items.ToDictionary(item => item.ItemId, StringComparer.Ordinal);
        return [.. reservation.Lines
            .Select((line, index) => (line, index))
            .Where(entry => byItem.ContainsKey(entry.line.ItemId))
            .Select(entry => (entry.index, entry.line.ItemId, Item: byItem[entry.line.ItemId]))
            .Select(entry => new ReservationLineRefusal(entry.index, entry.ItemId, entry.Item.Code, entry.Item.Error.Description, entry.Item.Error.Current))];
    }

    /// <summary>Reads the reservation back when it may be stale; false when the store cannot be read now (nothing was decided).</summary>
    private async Task<bool> TryReadBackAsync()
    {
        if (!_stale)
        {
            return true;
        }

        try
        {
            await ReadBackAsync();
            return true;
        }
        catch (Exception exception)
        {
            LogUnreadable(logger, exception, _id);
            return false;
        }
    }

    private ReservationUnknown Unreadable() =>
        new($"Reservation '{_id}' could not be read from the store; nothing was changed. Repeat the request.");

    private async Task ReadBackAsync()
    {
        _stored = await store.ReadReservationAsync(_tenant, _id);
        _stale = false;
        _read = true;
        ScheduleExpiry();
    }

    private TimeSpan Due(Reservation reservation)
    {
        var due = reservation.ExpiresAt - time.GetUtcNow();
        return due > TimeSpan.Zero ? due : TimeSpan.Zero;
    }

    /// <summary>While held, the timer fires at the expiry (keeping the activation alive until then); otherwise none.</summary>
    private void ScheduleExpiry()
    {
        _expiryTimer?.Dispose();
        _expiryTimer = null;
        if (_stored?.Reservation is { Status: ReservationStatus.Held } held)
        {
            _expiryTimer = this.RegisterGrainTimer(_ => ExpireIfDueAsync(), new GrainTimerCreationOptions(Due(held), Timeout.InfiniteTimeSpan) { KeepAlive = true });
        }
    }

    private async Task ExpireIfDueAsync()
    {
        if (!await TryReadBackAsync())
        {
            // The store cannot be read now: try again shortly (the sweep would, too).
            RetryExpiryLater();
            return;
        }

        if (_stored?.Reservation is not { } current)
        {
            return;
        }

        if (ReservationRules.Expiry(current, time.GetUtcNow()) is not { } expiry)
        {
            // Not yet (a timer a little early, an extension): wait for the time that is stored.
            ScheduleExpiry();
            return;
        }

        if (await CommitAsync(expiry) is not ReservationDone)
        {
            RetryExpiryLater();
        }
    }

    private void RetryExpiryLater()
    {
        _expiryTimer?.Dispose();
        _expiryTimer = this.RegisterGrainTimer(_ => ExpireIfDueAsync(), new GrainTimerCreationOptions(_options.ExpiryRetryDelay, Timeout.InfiniteTimeSpan) { KeepAlive = true });
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reservation {ReservationId} could not be read from the store")]
    private static partial void LogUnreadable(ILogger logger, Exception exception, string reservationId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reservation {ReservationId}: a change's outcome is unknown; the reservation is read back before its next decision")]
    private static partial void LogWriteUnknown(ILogger logger, Exception exception, string reservationId);
}
