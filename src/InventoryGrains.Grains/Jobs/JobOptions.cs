using System.ComponentModel.DataAnnotations;

namespace InventoryGrains.Grains.Jobs;

/// <summary>How a kind of resumable job runs; each kind has its own configuration section.</summary>
public abstract class JobOptions
{
    /// <summary>What one step takes on; progress is stored after each step.</summary>
    [Range(1, 1000)]
    public int BatchSize { get; set; } = 1000;

    /// <summary>A pause between steps, to spare the store during very large jobs.</summary>
    public TimeSpan BatchInterval { get; set; } = TimeSpan.Zero;

    /// <summary>How long to wait before a step that failed runs again.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// The period of the reminder that restarts an unfinished job after its silo stopped. Orleans'
    /// minimum reminder period applies.
    /// </summary>
    public TimeSpan ResumeCheckPeriod { get; set; } = TimeSpan.FromMinutes(1);
}
