namespace InventoryGrains.LoadTest.Targets;

/// <summary>
/// How <c>--retry</c> repeats a request whose outcome is unknown: with the same idempotency key
/// (the same operation ids), after a growing pause, until every entry has a definite outcome (which records the unknown ones before it) or
/// the patience runs out (the entry then stays unknown, and the verification says so).
/// </summary>
public static class RetryUntilDefinite
{
    public static readonly TimeSpan Patience = TimeSpan.FromMinutes(3);
    private static readonly TimeSpan FirstPause = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan LongestPause = TimeSpan.FromSeconds(2);

    /// <summary>A new key for one logical request.</summary>
    public static string NewKey() => $"lt-{Guid.NewGuid():N}";

    /// <summary>
    /// Sends <paramref name="attempt"/> until no outcome is <see cref="Outcome.Uncertain"/>; each
    /// attempt gets the indexes still unknown and returns their outcomes in that order.
    /// </summary>
    public static async Task<IReadOnlyList<Outcome>> RunAsync(int count, Func<IReadOnlyList<int>, Task<IReadOnlyList<Outcome>>> attempt)
    {
        var outcomes = new Outcome[count];
        var pending = Enumerable.Range(0, count).ToList();
        var pause = FirstPause;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var answered = await attempt(pending);
            for (var k = 0; k < pending.Count; k++)
            {
                var earlier = outcomes[pending[k]] is { } previous ? [.. previous.UnknownBefore, previous.ErrorCode!] : Array.Empty<string>();
                outcomes[pending[k]] = answered[k] with { UnknownBefore = earlier };
            }

            pending = [.. pending.Where(index => outcomes[index].Uncertain)];
            if (pending.Count == 0 || clock.Elapsed > Patience)
            {
                return outcomes;
            }

            // A client's back-off between retries, not a test waiting for a condition.
            await Task.Delay(pause);
            pause = TimeSpan.FromTicks(Math.Min(pause.Ticks * 2, LongestPause.Ticks));
        }
    }
}
