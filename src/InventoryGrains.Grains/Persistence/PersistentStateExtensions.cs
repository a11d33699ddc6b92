using Microsoft.Extensions.Logging;
using Orleans.Runtime;

namespace InventoryGrains.Grains.Persistence;

internal static partial class PersistentStateExtensions
{
    /// <summary>
    /// Makes <paramref name="next"/> the grain's state and stores it. When the write fails the last
    /// stored state is put back and false is returned: nothing is acknowledged unless it is stored.
    /// A failed write may still have been committed (the answer was lost), or another activation
    /// may have written in between: either way the store, not this memory, now holds the truth, so
    /// the activation is dropped and the next call reloads what is stored.
    /// </summary>
    public static async Task<bool> TryCommitAsync<T>(this IPersistentState<T> state, T next, Grain grain, ILogger logger)
    {
        var previous = state.State;
        state.State = next;
        try
        {
            await state.WriteStateAsync();
            return true;
        }
        catch (Exception exception)
        {
            state.State = previous;
            LogWriteFailed(logger, exception, grain.GetGrainId());
            grain.DeactivateOnIdle();
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Writing the state of {GrainId} failed; the change was rolled back")]
    private static partial void LogWriteFailed(ILogger logger, Exception exception, GrainId grainId);
}
