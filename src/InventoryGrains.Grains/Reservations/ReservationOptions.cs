using System.ComponentModel.DataAnnotations;

namespace InventoryGrains.Grains.Reservations;

/// <summary>How reservations keep time (configuration section <c>Inventory:Reservations</c>).</summary>
public sealed class ReservationOptions
{
    public const string SectionName = "Inventory:Reservations";

    /// <summary>
    /// The period of the expiry sweep's reminder. A held reservation's own timer expires it while it
    /// is active; the sweep finds held reservations past their time whose silo stopped, and wakes
    /// them. Orleans' minimum reminder period (<c>Inventory:Cluster:Reminders:MinimumReminderPeriod</c>) bounds it.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan SweepPeriod { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How long past its time a held reservation is left to its own timer before the sweep wakes it.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan SweepGrace { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>The wait before an expiry whose write failed is tried again.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00")]
    public TimeSpan ExpiryRetryDelay { get; set; } = TimeSpan.FromSeconds(1);
}
