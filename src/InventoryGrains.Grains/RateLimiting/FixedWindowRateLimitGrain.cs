using InventoryGrains.Abstractions.RateLimiting;

namespace InventoryGrains.Grains.RateLimiting;

/// <summary>
/// Fixed windows per key: a window opens with the first request after the previous one closed and
/// admits <c>permitLimit</c> requests. The count lives in memory only: if the silo holding it dies,
/// the key starts a fresh window, which errs towards admitting.
/// </summary>
public sealed class FixedWindowRateLimitGrain(TimeProvider clock) : Grain, IRateLimitGrain
{
    private DateTimeOffset _windowEnd = DateTimeOffset.MinValue;
    private int _used;

    public Task<RateLimitDecision> AcquireAsync(int permitLimit, TimeSpan window)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(permitLimit, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(window, TimeSpan.Zero);

        var now = clock.GetUtcNow();
        if (now >= _windowEnd)
        {
            _windowEnd = now + window;
            _used = 0;
        }

        if (_used >= permitLimit)
        {
            return Task.FromResult(new RateLimitDecision(false, permitLimit, 0, _windowEnd - now));
        }

        _used++;
        return Task.FromResult(new RateLimitDecision(true, permitLimit, permitLimit - _used, TimeSpan.Zero));
    }
}
