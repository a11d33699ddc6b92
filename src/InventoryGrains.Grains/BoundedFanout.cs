namespace InventoryGrains.Grains;

/// <summary>
/// Runs one call per element with at most a given number in flight. Every call starts on the
/// calling grain's scheduler, so continuations may touch the grain's fields safely.
/// </summary>
internal static class BoundedFanout
{
    public static async Task RunAsync<T>(IEnumerable<T> items, int maxConcurrency, Func<T, Task> action)
    {
        using var slots = new SemaphoreSlim(maxConcurrency);
        await Task.WhenAll(items.Select(async item =>
        {
            await slots.WaitAsync();
            try
            {
                await action(item);
            }
            finally
            {
                slots.Release();
            }
        }));
    }
}
