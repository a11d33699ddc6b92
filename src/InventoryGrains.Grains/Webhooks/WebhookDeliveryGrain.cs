using InventoryGrains.Abstractions;
using InventoryGrains.Abstractions.Inventory.Changes;
using InventoryGrains.Abstractions.Webhooks;
using InventoryGrains.Grains.Persistence;
using InventoryGrains.Storage.Items;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.IO;

namespace InventoryGrains.Grains.Webhooks;

/// <summary>
/// Delivers one webhook: reads the tenant's feed after the stored position, posts what it found
/// (up to <see cref="WebhookOptions.MaxBatchSize"/> changes) as one signed delivery, and stores the
/// position after it once the receiver answered 2xx. A failed delivery is retried, same id and
/// body, with exponential backoff; nothing later is sent meanwhile, so each item's changes arrive
/// in revision order. The position is stored only after an acknowledgement (under load at most once
/// per <see cref="WebhookOptions.PositionStoreInterval"/>): after a crash the changes since the last
/// stored position come again (at least once, never a gap). The work
/// runs on a grain timer; a reminder brings the grain back after its silo stopped.
/// </summary>
public sealed partial class WebhookDeliveryGrain(
    [PersistentState("webhookdelivery", StorageNames.Inventory)] IPersistentState<WebhookDeliveryRecord> state,
    IEnumerable<IItemChangeReader> readers,
    WebhookSender sender,
    IOptions<WebhookOptions> options,
    TimeProvider clock,
    ILogger<WebhookDeliveryGrain> logger)
    : Grain, IWebhookDeliveryGrain, IRemindable, IDisposable
{
    private const string ResumeReminder = "resume";

    private readonly WebhookOptions _options = options.Value;
    private IGrainTimer? _timer;

    /// <summary>When the position was last stored; and whether one acknowledged since is not yet.</summary>
    private DateTimeOffset _stored;
    private bool _unstored;

    /// <summary>The delivery being tried: every retry sends the same id and body.</summary>
    private PendingDelivery? _pending;

    private string Tenant => TenantKey.Parse(this.GetPrimaryKeyString()).Tenant;

    private string WebhookId => TenantKey.Parse(this.GetPrimaryKeyString()).LocalId;

    private IItemChangeReader Reader => readers.FirstOrDefault() ?? throw new NotSupportedException("The configured item storage keeps no ledger.");

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (state.State.Subscription is not null)
        {
            EnsureRunning();
        }

        return Task.CompletedTask;
    }

    public async Task StartAsync(WebhookSubscription subscription)
    {
        ArgumentNullException.ThrowIfNull(subscription);
        if (state.State.Subscription is null)
        {
            // The reminder first: a subscription stored without it could stop with its silo and never resume.
            await this.RegisterOrUpdateReminder(ResumeReminder, _options.ResumeCheckPeriod, _options.ResumeCheckPeriod);
            var start = new WebhookDeliveryRecord { Subscription = subscription, Position = await Reader.ReadFeedEndAsync(Tenant) };
            if (!await state.TryCommitAsync(start, this, logger))
            {
                throw new InvalidOperationException($"Webhook {WebhookId} could not be stored.");
            }
        }

        EnsureRunning();
    }

    public async Task StopAsync()
    {
        StopTimer();
        DropPending();
        if (await this.GetReminder(ResumeReminder) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }

        await state.ClearStateAsync();
        DeactivateOnIdle();
    }

    public Task<IReadOnlyList<WebhookDeliveryAttempt>> GetDeliveriesAsync() =>
        Task.FromResult<IReadOnlyList<WebhookDeliveryAttempt>>([.. state.State.Attempts]);

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (state.State.Subscription is not null)
        {
            EnsureRunning();
            return;
        }

        // Deleted, or never stored: nothing to deliver.
        if (await this.GetReminder(reminderName) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }
    }

    private void EnsureRunning() =>
        _timer ??= this.RegisterGrainTimer(DeliverNextAsync, new GrainTimerCreationOptions(TimeSpan.Zero, Timeout.InfiniteTimeSpan) { KeepAlive = true });

    /// <summary>One timer tick: one attempt to deliver the pending batch, or the next one if there is one.</summary>
    private async Task DeliverNextAsync(CancellationToken cancellationToken)
    {
        if (state.State.Subscription is not { } subscription)
        {
            StopTimer();
            return;
        }

        if (_pending is null)
        {
            FeedPage page;
            try
            {
                page = await Reader.ReadFeedAsync(Tenant, state.State.Position, _options.MaxBatchSize, cancellationToken);
            }
            catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
            {
                LogFeedReadFailed(logger, exception, WebhookId);
                Schedule(_options.PollInterval);
                return;
            }

            if (page.Changes.Count == 0)
            {
                Schedule(_options.PollInterval);
                return;
            }

            var deliveryId = $"dlv_{Guid.NewGuid():N}";
            var body = WebhookDeliveryBody.Write(deliveryId, WebhookId, page.Changes);
            _pending?.Dispose();
            _pending = new PendingDelivery(deliveryId, body, page.Changes.Count, page.Position, page.Changes.Count == _options.MaxBatchSize);
        }

        var pending = _pending;
        pending.Attempts++;
        var (status, error) = await sender.SendAsync(new Uri(subscription.Url), subscription.Secret, pending.Id, pending.Content, cancellationToken);
        var delivered = status is >= 200 and < 300;
        WebhookTelemetry.Attempted(delivered, pending.Changes);

        var next = state.State.Clone();
        next.Attempts.Insert(0, new WebhookDeliveryAttempt(pending.Id, pending.Attempts, delivered ? "delivered" : "failed", status, clock.GetUtcNow(), pending.Changes, error));
        if (next.Attempts.Count > _options.DeliveryLogSize)
        {
            next.Attempts.RemoveRange(_options.DeliveryLogSize, next.Attempts.Count - _options.DeliveryLogSize);
        }

        if (delivered)
        {
            next.Position = pending.End;
        }

        // Under load deliveries follow each other at once, and storing each one's position would add a
        // commit per delivery to the database the items are written to: then the position is stored
        // at most once per PositionStoreInterval. It is always stored once the feed is caught up and
        // after a failure. A silo that stops in between costs a repeat of those deliveries, never a gap.
        var now = clock.GetUtcNow();
        if (delivered && pending.Full && now - _stored < _options.PositionStoreInterval)
        {
            state.State = next;
            _unstored = true;
        }
        else if (await state.TryCommitAsync(next, this, logger))
        {
            _stored = now;
            _unstored = false;
        }
        else
        {
            // Delivered but not recorded: the activation is dropped, and the next one sends these changes again.
            DropPending();
            Schedule(_options.RetryBaseDelay);
            return;
        }

        if (delivered)
        {
            LogDelivered(logger, WebhookId, pending.Id, pending.Changes, pending.Attempts);
            DropPending();
            Schedule(pending.Full ? TimeSpan.Zero : _options.PollInterval);
            return;
        }

        var delay = _options.RetryDelay(pending.Attempts, Random.Shared.NextDouble());
        LogDeliveryFailed(logger, WebhookId, pending.Id, pending.Attempts, status, error, delay);
        Schedule(delay);
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        DropPending();
        if (_unstored && state.State.Subscription is not null)
        {
            // A graceful stop stores the last acknowledged position; if it cannot, those deliveries come again.
            try
            {
                await state.WriteStateAsync(cancellationToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                LogFinalStoreFailed(logger, exception, WebhookId);
            }
        }
    }

    public void Dispose() => DropPending();

    private void DropPending()
    {
        _pending?.Dispose();
        _pending = null;
    }

    private void Schedule(TimeSpan delay) => _timer?.Change(delay, Timeout.InfiniteTimeSpan);

    private void StopTimer()
    {
        _timer?.Dispose();
        _timer = null;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook {WebhookId}: storing the position at deactivation failed; the deliveries since the last stored one come again")]
    private static partial void LogFinalStoreFailed(ILogger logger, Exception exception, string webhookId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook {WebhookId}: reading the feed failed; it is read again")]
    private static partial void LogFeedReadFailed(ILogger logger, Exception exception, string webhookId);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Webhook {WebhookId}: delivery {DeliveryId} of {Changes} changes acknowledged at attempt {Attempt}")]
    private static partial void LogDelivered(ILogger logger, string webhookId, string deliveryId, int changes, int attempt);

    [LoggerMessage(Level = LogLevel.Information, Message = "Webhook {WebhookId}: delivery {DeliveryId} attempt {Attempt} failed (status {Status}, {Error}); next attempt in {Delay}")]
    private static partial void LogDeliveryFailed(ILogger logger, string webhookId, string deliveryId, int attempt, int? status, string? error, TimeSpan delay);

    /// <summary>A batch being delivered; its body is a pooled buffer, returned when the batch is done.</summary>
    private sealed class PendingDelivery(string id, RecyclableMemoryStream body, int changes, string? end, bool full) : IDisposable
    {
        public string Id { get; } = id;

        public ReadOnlyMemory<byte> Content => body.GetBuffer().AsMemory(0, (int)body.Length);

        public int Changes { get; } = changes;

        /// <summary>The feed position after the batch, stored once it is acknowledged.</summary>
        public string? End { get; } = end;

        /// <summary>Whether the batch was as large as allowed: more may be waiting, so the next read comes at once.</summary>
        public bool Full { get; } = full;

        public int Attempts { get; set; }

        public void Dispose() => body.Dispose();
    }
}

/// <summary>The stored state of a webhook's delivery.</summary>
[GenerateSerializer]
public sealed class WebhookDeliveryRecord
{
    /// <summary>Null once the webhook is deleted (or before it is registered).</summary>
    [Id(0)] public WebhookSubscription? Subscription { get; set; }

    /// <summary>The feed position after the last acknowledged delivery.</summary>
    [Id(1)] public string? Position { get; set; }

    /// <summary>Recent attempts, newest first.</summary>
    [Id(2)] public List<WebhookDeliveryAttempt> Attempts { get; set; } = [];

    public WebhookDeliveryRecord Clone() => new() { Subscription = Subscription, Position = Position, Attempts = [.. Attempts] };
}
