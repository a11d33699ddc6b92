using System.Diagnostics.Metrics;
using HdrHistogram;
using InventoryGrains.Storage.GroupCommit;

namespace InventoryGrains.LoadTest.Measurement;

/// <summary>
/// Listens, in this process, to the item store's own instruments (<c>InventoryGrains.Storage</c>)
/// while a run is measured: how many writes each batch held, how long writes waited for their
/// batch, and how long batches took to commit. Only a silo inside this process reports here.
/// </summary>
public sealed class StoreMetricsListener : IDisposable
{
    private const string MeterName = GroupCommitMetrics.MeterName;
    private const long HighestMicroseconds = 5 * 60 * 1_000_000L;

    private readonly MeterListener _listener = new();
    private readonly LongHistogram _batchSize = new(1, 100_000, 3);
    private readonly LongHistogram _queueWait = new(1, HighestMicroseconds, 3);
    private readonly LongHistogram _flush = new(1, HighestMicroseconds, 3);
    private long _failedBatches;

    public StoreMetricsListener()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == MeterName)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<int>((instrument, value, tags, _) =>
        {
            if (instrument.Name == "inventory.store.batch.size" && IsWrite(tags))
            {
                lock (_batchSize)
                {
                    _batchSize.RecordValue(Math.Max(1, value));
                }
            }
        });
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) =>
        {
            var histogram = instrument.Name switch
            {
                "inventory.store.queue.wait" => _queueWait,
                "inventory.store.flush.duration" => _flush,
                _ => null,
            };
            if (histogram is not null && IsWrite(tags))
            {
                lock (histogram)
                {
                    histogram.RecordValue(Math.Clamp((long)(value * 1_000_000), 1, HighestMicroseconds));
                }
            }
        });
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            if (instrument.Name == "inventory.store.batch.failures" && IsWrite(tags))
            {
                Interlocked.Add(ref _failedBatches, value);
            }
        });
        _listener.Start();
    }

    /// <summary>The write batches seen, or null when no item store batched anything in this process.</summary>
    public StoreFigures? Figures()
    {
        lock (_batchSize)
        {
            if (_batchSize.TotalCount == 0)
            {
                return null;
            }

            lock (_queueWait)
            {
                lock (_flush)
                {
                    return new StoreFigures(
                        _batchSize.TotalCount,
                        Math.Round(_batchSize.GetMean(), 1),
                        _batchSize.GetValueAtPercentile(50),
                        _batchSize.GetMaxValue(),
                        Latency.From(_queueWait),
                        Latency.From(_flush),
                        Interlocked.Read(ref _failedBatches));
                }
            }
        }
    }

    public void Dispose() => _listener.Dispose();

    private static bool IsWrite(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        foreach (var tag in tags)
        {
            if (tag.Key == GroupCommitMetrics.OperationTag)
            {
                return tag.Value as string == "write";
            }
        }

        return false;
    }
}

/// <param name="Batches">Write batches committed (or failed) during the measured run.</param>
/// <param name="MeanBatchSize">Writes per batch, on average; likewise the median and the largest.</param>
/// <param name="QueueWait">How long a write waited for its batch to start.</param>
/// <param name="Flush">How long a batch took to commit.</param>
/// <param name="Source">
/// <see cref="InProcess"/>: measured in this process, exactly. Otherwise the <c>/metrics</c>
/// endpoints read (<c>--metrics-url</c>), whose medians, percentiles and maxima are estimated from
/// histogram buckets.
/// </param>
public sealed record StoreFigures(
    long Batches, double MeanBatchSize, long MedianBatchSize, long MaxBatchSize, Latency QueueWait, Latency Flush, long FailedBatches, string Source = StoreFigures.InProcess)
{
    public const string InProcess = "in-process";
}
