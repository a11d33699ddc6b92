using System.Diagnostics.Metrics;
using InventoryGrains.Abstractions.Diagnostics;

namespace InventoryGrains.Storage.GroupCommit;

/// <summary>
/// The instruments of the item store's batching, one meter for the area: how many requests each
/// batch held, how long requests waited for their batch, and how long a batch took to commit.
/// </summary>
public sealed class GroupCommitMetrics : IDisposable
{
    public const string MeterName = "InventoryGrains.Storage";

    /// <summary>The attribute every instrument here carries: <c>write</c> or <c>read</c>.</summary>
    public const string OperationTag = "inventory.store.operation";

    private readonly Meter _meter;

    public GroupCommitMetrics(IMeterFactory? meterFactory = null)
    {
        _meter = meterFactory?.Create(MeterName) ?? new Meter(MeterName);
        BatchSize = _meter.CreateHistogram("inventory.store.batch.size", "{request}", "Requests committed together in one batch.", advice: MetricBuckets.Sizes);
        QueueWait = _meter.CreateHistogram("inventory.store.queue.wait", "s", "Time a request waited for the batch that holds it to start.", advice: MetricBuckets.Seconds);
        FlushDuration = _meter.CreateHistogram("inventory.store.flush.duration", "s", "Time one batch took to commit, or to fail.", advice: MetricBuckets.Seconds);
        FailedBatches = _meter.CreateCounter<long>("inventory.store.batch.failures", "{batch}", "Batches whose commit failed or had an unknown outcome.");
    }

    /// <remarks>Tagged with <see cref="OperationTag"/>.</remarks>
    public Histogram<int> BatchSize { get; }

    public Histogram<double> QueueWait { get; }

    public Histogram<double> FlushDuration { get; }

    public Counter<long> FailedBatches { get; }

    public void Dispose() => _meter.Dispose();
}
