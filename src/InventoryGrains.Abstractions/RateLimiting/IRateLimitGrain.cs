namespace InventoryGrains.Abstractions.RateLimiting;

/// <summary>
/// The request count of one API key (keyed by the key's id, never the key), one activation for the
/// whole cluster: however many front-ends take requests, they all count in the same window.
/// </summary>
public interface IRateLimitGrain : IGrainWithStringKey
{
    /// <summary>Takes one permit of the current fixed window, if any is left.</summary>
    Task<RateLimitDecision> AcquireAsync(int permitLimit, TimeSpan window);
}

/// <param name="Remaining">Permits left in the window after this request.</param>
/// <param name="RetryAfter">When refused: how long until the window ends.</param>
[GenerateSerializer, Immutable]
public sealed record RateLimitDecision(
    [property: Id(0)] bool Allowed,
    [property: Id(1)] int Limit,
    [property: Id(2)] int Remaining,
    [property: Id(3)] TimeSpan RetryAfter);
