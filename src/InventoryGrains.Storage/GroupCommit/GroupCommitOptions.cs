using System.ComponentModel.DataAnnotations;

namespace InventoryGrains.Storage.GroupCommit;

/// <summary>How a <see cref="GroupCommitBatcher{TRequest, TResult}"/> gathers requests into batches.</summary>
public sealed class GroupCommitOptions
{
    /// <summary>
    /// How many batches may be in flight at once. Every key always goes to the same partition, so
    /// one key's requests keep their order; different partitions commit side by side.
    /// </summary>
    [Range(1, 64)]
    public int Partitions { get; set; } = 2;

    /// <summary>The most requests one batch (one statement, one commit) holds.</summary>
    [Range(1, 10_000)]
    public int MaxBatchSize { get; set; } = 1000;

    /// <summary>Requests a partition holds before callers must wait for room (back-pressure).</summary>
    [Range(1, 1_000_000)]
    public int QueueCapacity { get; set; } = 10_000;
}
