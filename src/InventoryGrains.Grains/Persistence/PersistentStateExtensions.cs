using Microsoft.Extensions.Logging;
using Orleans.Runtime;
using Orleans.Storage;

namespace InventoryGrains.Grains.Persistence;

internal static partial class PersistentStateExtensions
{
    /// <summary>
    /// Makes <paramref name="next"/> the grain's state and stores it. When the write fails the last
    /// stored state is put back and false is returned: nothing is acknowledged unless it is stored.
    /// When another activation wrote in between, this one is dropped so the next call reloads.
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
            if (exception is InconsistentStateException)
            {
                grain.DeactivateOnIdle();
            }

            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Writing the state of {GrainId} failed; the change was rolled back")]
    private static partial void LogWriteFailed(ILogger logger, Exception exception, GrainId grainId);
}
