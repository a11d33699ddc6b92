using System.Diagnostics;

namespace InventoryGrains.Testing;

/// <summary>Polls a condition that cannot be awaited directly, until it holds or a deadline passes.</summary>
public static class Eventually
{
    public static async Task<T> ReturnsAsync<T>(
        Func<Task<T>> probe, Func<T, bool> done, TimeSpan timeout, string what, TimeSpan? interval = null)
    {
        var clock = Stopwatch.StartNew();
        Exception? lastError = null;
        T? last = default;
        while (clock.Elapsed < timeout)
        {
            try
            {
                last = await probe();
                if (done(last))
                {
                    return last;
                }
            }
            catch (Exception exception)
            {
                lastError = exception;
            }

            await Task.Delay(interval ?? TimeSpan.FromMilliseconds(200));
        }

        throw new TimeoutException($"Timed out after {timeout} waiting for {what}; last value: {last}", lastError);
    }

    public static Task HoldsAsync(Func<Task<bool>> condition, TimeSpan timeout, string what) =>
        ReturnsAsync(condition, ok => ok, timeout, what);
}
