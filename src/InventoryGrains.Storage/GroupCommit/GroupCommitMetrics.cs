using System.Diagnostics.Metrics;

namespace InventoryGrains.Storage.GroupCommit;

/// <summary>
/// The instruments of the item store's batching, one meter for the area: how many requests each
/// batch held, how long requests waited for their batch, and how long a batch took to commit.
/// </summary>
public sealed class GroupCommitMetrics : IDisposable
{
    public const string MeterName = "InventoryGrains.Storage";

    private readonly Meter _meter;

    public GroupCommitMetrics(IMeterFactory? meterFactory = null)
    {
        _meter = meterFactory?.Create(MeterName) ?? new Meter(MeterName);
        BatchSize = _meter.CreateHistogram<int>("inventory.store.batch.size", "{request}", "Requests committed together in one batch.");
        QueueWait = _meter.CreateHistogram<double>("inventory.store.queue.wait", "s", "Time a request waited for the batch that holds it to start.");
        FlushDuration = _meter.CreateHistogram<double>("inventory.store.flush.duration", "s", "Time one batch took to commit, or to fail.");
        FailedBatches = _meter.CreateCounter<long>("inventory.store.batch.failures", "{batch}", "Batches whose commit failed or had an unknown outcome.");
    }

    /// <remarks>Tagged with <c>operation</c>: <c>write</c> or <c>read</c>.</remarks>
    public Histogram<int> BatchSize { get; }

    public Histogram<double> QueueWait { get; }

    public Histogram<double> FlushDuration { get; }

    public Counter<long> FailedBatches { get; }

    public void Dispose() => _meter.Dispose();
}
