using System.ComponentModel.DataAnnotations;
using InventoryGrains.Grains.Jobs;

namespace InventoryGrains.Grains.SellingPlans;

/// <summary>
/// How bulk inventory-policy jobs run (configuration section <c>Inventory:Jobs</c>): a step is a
/// batch of variants. <see cref="JobOptions.ResumeCheckPeriod"/> is the period of the plan's
/// reminder, which restarts its unfinished job.
/// </summary>
public sealed class InventoryPolicyJobOptions : JobOptions
{
    public const string SectionName = "Inventory:Jobs";

    /// <summary>How many times one batch is tried before the job is marked failed.</summary>
    [Range(1, 1000)]
    public int MaxBatchAttempts { get; set; } = 10;

    /// <summary>How many variants a batch or an association changes at once.</summary>
    [Range(1, 1024)]
    public int MaxConcurrentVariants { get; set; } = 64;
}
