using System.Diagnostics;
using System.Diagnostics.Metrics;
using InventoryGrains.Abstractions.Diagnostics;
using InventoryGrains.Domain.Items;

namespace InventoryGrains.Grains.Inventory;

/// <summary>
/// The bulk coordinator's instruments and span: how many entries each bulk holds, and how long its
/// fan-out to the item grains takes, from the first call out to the last answer in.
/// </summary>
public static class CoordinatorTelemetry
{
    public const string Name = "InventoryGrains.Coordinator";

    private static readonly ActivitySource Source = new(Name);
    private static readonly Meter Meter = new(Name);

    private static readonly Histogram<int> BulkSize = Meter.CreateHistogram(
        "inventory.bulk.size", "{entry}", "Entries in one bulk request the coordinator fans out, by dialect.", advice: MetricBuckets.Sizes);

    private static readonly Histogram<double> FanoutDuration = Meter.CreateHistogram(
        "inventory.bulk.fanout.duration", "s", "Time from a bulk's first item call to its last answer, by dialect.", advice: MetricBuckets.Seconds);

    /// <summary>Runs one bulk's fan-out inside its span and measures it.</summary>
    internal static async Task<T> MeasureFanoutAsync<T>(string tenant, string dialect, int entries, Func<Task<T>> fanout)
    {
        var dialectTag = new KeyValuePair<string, object?>(TelemetryTags.Dialect, dialect);
        BulkSize.Record(entries, dialectTag);
        var started = Stopwatch.GetTimestamp();
        using var activity = Source.StartActivity("inventory.bulk.fanout");
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag(TelemetryTags.Tenant, tenant);
            activity.SetTag(TelemetryTags.Dialect, dialect);
            activity.SetTag("inventory.bulk.size", entries);
        }

        try
        {
            return await fanout();
        }
        finally
        {
            FanoutDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, dialectTag);
        }
    }
}
