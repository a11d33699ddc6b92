using InventoryGrains.Abstractions;
using Orleans.Storage;

namespace InventoryGrains.Storage;

/// <summary>What a storage failure becomes before it can cross a grain call.</summary>
public static class StorageFailures
{
    /// <summary>
    /// The service's own exceptions (unavailable: the outcome is unknown; refused: nothing was stored,
    /// for good), Orleans' version conflicts and cancellations pass as they are;
    /// anything else (the driver's exceptions, timeouts, broken connections) becomes a
    /// <see cref="StorageUnavailableException"/> that says what failed, without the cause attached.
    /// </summary>
    public static Exception Translate(string operation, Exception exception) => exception switch
    {
        InconsistentStateException { InnerException: not null } conflict => new InconsistentStateException(conflict.Message, conflict.StoredEtag, conflict.CurrentEtag),
        StorageUnavailableException or StorageRefusedException or InconsistentStateException or OperationCanceledException or ArgumentException => exception,
        _ => StorageUnavailableException.From(operation, exception),
    };
}
