using System.Threading.Channels;

namespace InventoryGrains.Api.Edge.Idempotency;

/// <summary>
/// Answers the idempotency store could not take when they were sent (the database was away). Each
/// is written as soon as the store is back, so that a repeat of the request finds its key answered
/// (or free, when the outcome was unknown) instead of held until the lease runs out. Past the lease
/// there is nothing left to do: the key may have been taken over by a repeat.
/// </summary>
public sealed partial class PendingCompletions(IIdempotencyStore store, TimeProvider time, ILogger<PendingCompletions> logger) : BackgroundService
{
    private static readonly TimeSpan FirstPause = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan LongestPause = TimeSpan.FromSeconds(2);

    // Bounded: in a long outage the oldest are dropped, and their keys wait for their leases.
    private readonly Channel<Completion> _pending = Channel.CreateBounded<Completion>(
        new BoundedChannelOptions(10_000) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });

    public void Add(string tenant, string key, StoredResponse response, bool final) =>
        _pending.Writer.TryWrite(new Completion(tenant, key, response, final, time.GetUtcNow() + IdempotencyLease.Duration));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var pause = FirstPause;
        await foreach (var completion in _pending.Reader.ReadAllAsync(stoppingToken))
        {
            // One at a time, oldest first: while the store is away every one of them would fail alike.
            while (time.GetUtcNow() < completion.LeaseEnds)
            {
                try
                {
                    await store.CompleteAsync(completion.Tenant, completion.Key, completion.Response, completion.Final, stoppingToken);
                    pause = FirstPause;
                    break;
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    LogStillFailing(logger, exception, pause.TotalMilliseconds);
                    await Task.Delay(pause, time, stoppingToken);
                    pause = TimeSpan.FromTicks(Math.Min(pause.Ticks * 2, LongestPause.Ticks));
                }
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Storing an idempotent request's answer still fails; next try in {PauseMs} ms")]
    private static partial void LogStillFailing(ILogger logger, Exception exception, double pauseMs);

    private sealed record Completion(string Tenant, string Key, StoredResponse Response, bool Final, DateTimeOffset LeaseEnds);
}
