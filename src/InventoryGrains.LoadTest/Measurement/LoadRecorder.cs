using System.Collections.Concurrent;
using System.Diagnostics;
using HdrHistogram;

namespace InventoryGrains.LoadTest.Measurement;

/// <summary>
/// What a run did: bulk latencies in an HDR histogram (microseconds), items and bulks counted, and
/// errors by code (with <c>--retry</c>, also the unknown outcomes a repeat made definite). Thread-safe; <see cref="TakeInterval"/> gives the figures since its last call.
/// </summary>
public sealed class LoadRecorder
{
    private const long HighestMicroseconds = 5 * 60 * 1_000_000L;

    private readonly Recorder _interval = new(1, HighestMicroseconds, 3, (id, low, high, digits) => new LongHistogram(id, low, high, digits));
    private readonly LongHistogram _total = new(1, HighestMicroseconds, 3);
    private readonly ConcurrentDictionary<string, long> _errors = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _repeated = new(StringComparer.Ordinal);
    private readonly Stopwatch _clock = new();
    private long _items;
    private long _bulks;
    private long _intervalItems;
    private long _intervalBulks;
    private long _intervalErrors;
    private TimeSpan _intervalStart;
    private readonly List<IntervalFigures> _timeline = [];

    public TimeSpan Elapsed => _clock.Elapsed;

    public void Start()
    {
        _clock.Restart();
        _intervalStart = TimeSpan.Zero;
    }

    public void Stop() => _clock.Stop();

    /// <param name="errorCodes">The final outcome of each entry that failed.</param>
    /// <param name="repeatedCodes">The unknown outcomes that were repeated (and then became definite or stayed unknown).</param>
    public void Record(TimeSpan latency, int items, IEnumerable<string> errorCodes, IEnumerable<string>? repeatedCodes = null)
    {
        foreach (var code in repeatedCodes ?? [])
        {
            _repeated.AddOrUpdate(code, 1, (_, count) => count + 1);
        }

        _interval.RecordValue(Math.Clamp((long)latency.TotalMicroseconds, 1, HighestMicroseconds));
        Interlocked.Add(ref _items, items);
        Interlocked.Increment(ref _bulks);
        Interlocked.Add(ref _intervalItems, items);
        Interlocked.Increment(ref _intervalBulks);
        foreach (var code in errorCodes)
        {
            _errors.AddOrUpdate(code, 1, (_, count) => count + 1);
            Interlocked.Increment(ref _intervalErrors);
        }
    }

    /// <summary>The figures since the previous call; folds them into the run's totals.</summary>
    public IntervalFigures TakeInterval()
    {
        var histogram = _interval.GetIntervalHistogram();
        lock (_total)
        {
            _total.Add(histogram);
        }

        // Each interval runs from the end of the previous one, however late this call comes, so the
        // timeline covers the run without gaps and rates are per the interval's true length.
        var end = _clock.Elapsed;
        var start = _intervalStart;
        _intervalStart = end;
        var figures = new IntervalFigures(
            Math.Round(end.TotalSeconds, 3),
            Math.Round((end - start).TotalSeconds, 3),
            Interlocked.Exchange(ref _intervalItems, 0),
            Interlocked.Exchange(ref _intervalBulks, 0),
            Interlocked.Exchange(ref _intervalErrors, 0),
            Latency.From(histogram));
        lock (_timeline)
        {
            _timeline.Add(figures);
        }

        return figures;
    }

    /// <summary>The figures of every interval taken so far: throughput and errors over time.</summary>
    public IReadOnlyList<IntervalFigures> Timeline()
    {
        lock (_timeline)
        {
            return [.. _timeline];
        }
    }

    public RunFigures Totals()
    {
        TakeInterval();
        var seconds = Math.Max(_clock.Elapsed.TotalSeconds, 1e-9);
        lock (_total)
        {
            return new RunFigures(
                Math.Round(seconds, 3),
                _items,
                _bulks,
                Math.Round(_items / seconds, 1),
                Math.Round(_bulks / seconds, 2),
                Latency.From(_total),
                new SortedDictionary<string, long>(_errors, StringComparer.Ordinal),
                Timeline())
            {
                Repeated = new SortedDictionary<string, long>(_repeated, StringComparer.Ordinal),
            };
        }
    }
}

/// <param name="AtSeconds">When the interval ended, from the start of the measured run.</param>
/// <param name="Seconds">How long the interval was: it began where the one before it ended.</param>
public sealed record IntervalFigures(double AtSeconds, double Seconds, long Items, long Bulks, long Errors, Latency Latency)
{
    public double ItemsPerSecond => Items / Math.Max(Seconds, 1e-9);

    public double BulksPerSecond => Bulks / Math.Max(Seconds, 1e-9);
}

/// <param name="P50Ms">Per bulk, in milliseconds; likewise the others.</param>
public sealed record Latency(double P50Ms, double P95Ms, double P99Ms, double MaxMs)
{
    public static Latency From(HistogramBase histogram) => histogram.TotalCount == 0
        ? new Latency(0, 0, 0, 0)
        : new Latency(
            Milliseconds(histogram.GetValueAtPercentile(50)),
            Milliseconds(histogram.GetValueAtPercentile(95)),
            Milliseconds(histogram.GetValueAtPercentile(99)),
            Milliseconds(histogram.GetMaxValue()));

    private static double Milliseconds(long microseconds) => Math.Round(microseconds / 1000.0, 3);
}

public sealed record RunFigures(
    double DurationSeconds,
    long Items,
    long Bulks,
    double ItemsPerSecond,
    double BulksPerSecond,
    Latency Latency,
    IReadOnlyDictionary<string, long> Errors,
    IReadOnlyList<IntervalFigures> Timeline)
{
    /// <summary>With <c>--retry</c>: unknown outcomes by code that were sent again with their idempotency keys.</summary>
    public IReadOnlyDictionary<string, long> Repeated { get; init; } = new Dictionary<string, long>();
}
