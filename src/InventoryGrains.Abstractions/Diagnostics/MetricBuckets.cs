using System.Diagnostics.Metrics;

namespace InventoryGrains.Abstractions.Diagnostics;

/// <summary>
/// Histogram bucket boundaries the service's instruments advise their exporters to use, so that a
/// median and a p99 can be read from the buckets (Prometheus' <c>histogram_quantile</c>).
/// </summary>
public static class MetricBuckets
{
    /// <summary>
    /// From half a millisecond to ten seconds: the exporters' default buckets (0, 5, 10, … 10000) are
    /// made for milliseconds and would put nearly every duration of this service into the first one.
    /// </summary>
    public static InstrumentAdvice<double> Seconds { get; } = new()
    {
        HistogramBucketBoundaries = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    };

    /// <summary>Counts of things in one batch or bulk, from one to a few thousand (a bulk holds at most 1000 entries).</summary>
    public static InstrumentAdvice<int> Sizes { get; } = new()
    {
        HistogramBucketBoundaries = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000],
    };
}
