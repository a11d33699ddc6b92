using System.Diagnostics;
using System.Diagnostics.Metrics;
using InventoryGrains.Abstractions.Diagnostics;

namespace InventoryGrains.Grains.SellingPlans;

/// <summary>
/// The inventory-policy jobs' instruments (Stoq's bulk toggle): batches run, by outcome, and how
/// long a batch took from its first variant call to its stored progress.
/// </summary>
public static class JobTelemetry
{
    public const string Name = "InventoryGrains.Jobs";

    /// <summary>How a batch ended: <c>stored</c> (applied and its progress stored) or <c>failed</c> (to be retried).</summary>
    public const string OutcomeTag = "inventory.job.batch.outcome";

    private static readonly Meter Meter = new(Name);

    private static readonly Counter<long> Batches = Meter.CreateCounter<long>(
        "inventory.job.batches", "{batch}", "Inventory-policy job batches run, by outcome.");

    private static readonly Counter<long> Variants = Meter.CreateCounter<long>(
        "inventory.job.variants", "{variant}", "Variants whose inventory policy a stored job batch set.");

    private static readonly Histogram<double> BatchDuration = Meter.CreateHistogram(
        "inventory.job.batch.duration", "s", "Time one job batch took, from its first variant call to its stored progress or its failure.", advice: MetricBuckets.Seconds);

    internal static void BatchStored(int variants, long startedTimestamp)
    {
        var outcome = new KeyValuePair<string, object?>(OutcomeTag, "stored");
        Batches.Add(1, outcome);
        Variants.Add(variants);
        BatchDuration.Record(Stopwatch.GetElapsedTime(startedTimestamp).TotalSeconds, outcome);
    }

    internal static void BatchFailed(long startedTimestamp)
    {
        var outcome = new KeyValuePair<string, object?>(OutcomeTag, "failed");
        Batches.Add(1, outcome);
        BatchDuration.Record(Stopwatch.GetElapsedTime(startedTimestamp).TotalSeconds, outcome);
    }
}
