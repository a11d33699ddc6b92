using System.Globalization;
using System.Net.Http.Headers;
using InventoryGrains.Storage.GroupCommit;

namespace InventoryGrains.LoadTest.Measurement;

/// <summary>
/// The item store's figures of a run against processes elsewhere, read from their <c>/metrics</c>
/// (<c>--metrics-url</c>, once per silo or API that hosts a silo): every endpoint is scraped before
/// and after the measured run, and the difference of their write histograms, summed over the
/// endpoints, is what the run caused. The mean batch size is exact; medians, percentiles and maxima
/// are read from the histogram buckets the way Prometheus' <c>histogram_quantile</c> reads them.
/// </summary>
public sealed class RemoteStoreMetrics(HttpClient http, IReadOnlyList<Uri> endpoints)
{
    // The Prometheus names of the store's instruments (GroupCommitMetrics): dots become underscores,
    // the unit "s" a "_seconds" suffix, counters get "_total".
    private const string BatchSize = "inventory_store_batch_size";
    private const string QueueWait = "inventory_store_queue_wait_seconds";
    private const string Flush = "inventory_store_flush_duration_seconds";
    private const string Failures = "inventory_store_batch_failures_total";
    private static readonly string OperationLabel = GroupCommitMetrics.OperationTag.Replace('.', '_');

    public IReadOnlyList<Uri> Endpoints { get; } = endpoints;

    /// <summary>The sum, over every endpoint, of the store's write histograms and failures so far.</summary>
    public async Task<StoreSnapshot> ScrapeAsync(CancellationToken cancellationToken = default)
    {
        var samples = new List<PrometheusSample>();
        foreach (var endpoint in Endpoints)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, endpoint);
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/plain"));
            using var response = await http.SendAsync(request, cancellationToken);
            response.EnsureSuccessStatusCode();
            samples.AddRange(PrometheusText.Parse(await response.Content.ReadAsStringAsync(cancellationToken))
                .Where(sample => sample.Label(OperationLabel) == "write"));
        }

        return new StoreSnapshot(
            BucketHistogram.From(samples, BatchSize),
            BucketHistogram.From(samples, QueueWait),
            BucketHistogram.From(samples, Flush),
            samples.Where(s => s.Name == Failures).Sum(s => s.Value));
    }

    /// <summary>What happened between two scrapes, or null when no write batch committed in between.</summary>
    public static StoreFigures? Between(StoreSnapshot before, StoreSnapshot after, string source)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        var batchSize = after.BatchSize.Minus(before.BatchSize);
        if (batchSize.Count <= 0)
        {
            return null;
        }

        return new StoreFigures(
            (long)batchSize.Count,
            Math.Round(batchSize.Sum / batchSize.Count, 1),
            (long)Math.Round(batchSize.Quantile(0.5)),
            (long)Math.Round(batchSize.UpperBound()),
            Milliseconds(after.QueueWait.Minus(before.QueueWait)),
            Milliseconds(after.Flush.Minus(before.Flush)),
            (long)(after.FailedBatches - before.FailedBatches),
            source);
    }

    private static Latency Milliseconds(BucketHistogram seconds) => seconds.Count <= 0
        ? new Latency(0, 0, 0, 0)
        : new Latency(
            Math.Round(seconds.Quantile(0.50) * 1000, 3),
            Math.Round(seconds.Quantile(0.95) * 1000, 3),
            Math.Round(seconds.Quantile(0.99) * 1000, 3),
            Math.Round(seconds.UpperBound() * 1000, 3));
}

/// <summary>The store's write histograms at one moment, summed over the scraped endpoints.</summary>
public sealed record StoreSnapshot(BucketHistogram BatchSize, BucketHistogram QueueWait, BucketHistogram Flush, double FailedBatches);

/// <summary>A Prometheus histogram: cumulative counts per upper bound (<c>le</c>), the sum and the count.</summary>
public sealed class BucketHistogram
{
    private BucketHistogram(SortedDictionary<double, double> buckets, double sum, double count)
    {
        Buckets = buckets;
        Sum = sum;
        Count = count;
    }

    /// <summary>Upper bound → how many observations were at most that (cumulative), +Inf last.</summary>
    public SortedDictionary<double, double> Buckets { get; }

    public double Sum { get; }

    public double Count { get; }

    /// <summary>The histogram named <paramref name="name"/>, its series (one per endpoint, per label set) added up.</summary>
    public static BucketHistogram From(IEnumerable<PrometheusSample> samples, string name)
    {
        var buckets = new SortedDictionary<double, double>();
        double sum = 0, count = 0;
        foreach (var sample in samples)
        {
            if (sample.Name == name + "_bucket" && sample.Label("le") is { } le)
            {
                var bound = le is "+Inf" ? double.PositiveInfinity : double.Parse(le, CultureInfo.InvariantCulture);
                buckets[bound] = buckets.GetValueOrDefault(bound) + sample.Value;
            }
            else if (sample.Name == name + "_sum")
            {
                sum += sample.Value;
            }
            else if (sample.Name == name + "_count")
            {
                count += sample.Value;
            }
        }

        return new BucketHistogram(buckets, sum, count);
    }

    /// <summary>This histogram less an earlier one of the same series: what was observed in between.</summary>
    public BucketHistogram Minus(BucketHistogram earlier)
    {
        ArgumentNullException.ThrowIfNull(earlier);
        var buckets = new SortedDictionary<double, double>();
        foreach (var (bound, cumulative) in Buckets)
        {
            buckets[bound] = cumulative - earlier.Buckets.GetValueOrDefault(bound);
        }

        return new BucketHistogram(buckets, Sum - earlier.Sum, Count - earlier.Count);
    }

    /// <summary>
    /// The value below which a fraction <paramref name="q"/> of the observations lie, interpolated
    /// linearly inside the bucket that holds it; in the last (+Inf) bucket, the largest finite bound.
    /// </summary>
    public double Quantile(double q)
    {
        if (Count <= 0)
        {
            return 0;
        }

        var rank = q * Count;
        double lower = 0, below = 0;
        foreach (var (bound, cumulative) in Buckets)
        {
            if (cumulative >= rank && cumulative > below)
            {
                return double.IsPositiveInfinity(bound) ? lower : lower + ((bound - lower) * (rank - below) / (cumulative - below));
            }

            lower = double.IsPositiveInfinity(bound) ? lower : bound;
            below = cumulative;
        }

        return lower;
    }

    /// <summary>The upper bound of the highest bucket that holds an observation (the largest finite bound for +Inf).</summary>
    public double UpperBound()
    {
        double below = 0, previousBound = 0, highest = 0;
        foreach (var (bound, cumulative) in Buckets)
        {
            if (cumulative > below)
            {
                highest = double.IsPositiveInfinity(bound) ? previousBound : bound;
            }

            below = cumulative;
            previousBound = double.IsPositiveInfinity(bound) ? previousBound : bound;
        }

        return highest;
    }
}
