using System.ComponentModel.DataAnnotations;

namespace InventoryGrains.Grains.SellingPlans;

/// <summary>How bulk inventory-policy jobs run (configuration section <c>Inventory:Jobs</c>).</summary>
public sealed class InventoryPolicyJobOptions
{
    public const string SectionName = "Inventory:Jobs";

    /// <summary>Variants per batch; progress is stored after each batch.</summary>
    [Range(1, 1000)]
    public int BatchSize { get; set; } = 1000;

    /// <summary>A pause between batches, to spare the store during very large jobs.</summary>
    public TimeSpan BatchInterval { get; set; } = TimeSpan.Zero;

    /// <summary>How long to wait before trying a failed batch again.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How many times one batch is tried before the job is marked failed.</summary>
    [Range(1, 1000)]
    public int MaxBatchAttempts { get; set; } = 10;

    /// <summary>
    /// The period of the plan's reminder, the durable trigger that restarts an unfinished job after
    /// its silo stopped. Orleans' minimum reminder period applies.
    /// </summary>
    public TimeSpan ResumeCheckPeriod { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How many variants a batch or an association changes at once.</summary>
    [Range(1, 1024)]
    public int MaxConcurrentVariants { get; set; } = 64;
}
