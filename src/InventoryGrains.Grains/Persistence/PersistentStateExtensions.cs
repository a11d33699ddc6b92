using InventoryGrains.Abstractions;
using Microsoft.Extensions.Logging;
using Orleans.Runtime;

namespace InventoryGrains.Grains.Persistence;

/// <summary>What became of a write.</summary>
internal enum CommitOutcome
{
    Stored,

    /// <summary>The store refused a value of the state for good: nothing was stored, the state stays as it was.</summary>
    Refused,

    /// <summary>The write failed, or its answer was lost: it may or may not have been stored.</summary>
    Unknown,
}

internal static partial class PersistentStateExtensions
{
    /// <summary>
    /// Makes <paramref name="next"/> the grain's state and stores it. When the write fails the last
    /// stored state is put back and false is returned: nothing is acknowledged unless it is stored.
    /// </summary>
    public static async Task<bool> TryCommitAsync<T>(this IPersistentState<T> state, T next, Grain grain, ILogger logger) =>
        await state.CommitAsync(next, grain, logger) == CommitOutcome.Stored;

    /// <summary>
    /// Makes <paramref name="next"/> the grain's state and stores it; when the write fails, the last
    /// stored state is put back. A failed write may still have been committed (the answer was lost),
    /// or another activation may have written in between: either way the store, not this memory, now
    /// holds the truth, so the activation is dropped and the next call reloads what is stored. A
    /// write the store refused for a value stored nothing: memory and store still agree, and the
    /// activation stays.
    /// </summary>
    public static async Task<CommitOutcome> CommitAsync<T>(this IPersistentState<T> state, T next, Grain grain, ILogger logger)
    {
        var previous = state.State;
        state.State = next;
        try
        {
            await state.WriteStateAsync();
            return CommitOutcome.Stored;
        }
        catch (StorageRefusedException refused)
        {
            state.State = previous;
            LogWriteRefused(logger, refused.Message, grain.GetGrainId());
            return CommitOutcome.Refused;
        }
        catch (Exception exception)
        {
            state.State = previous;
            LogWriteFailed(logger, exception, grain.GetGrainId());
            grain.DeactivateOnIdle();
            return CommitOutcome.Unknown;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Writing the state of {GrainId} failed; the change was rolled back")]
    private static partial void LogWriteFailed(ILogger logger, Exception exception, GrainId grainId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The store refused the state of {GrainId}: {Reason}; nothing was stored")]
    private static partial void LogWriteRefused(ILogger logger, string reason, GrainId grainId);
}
