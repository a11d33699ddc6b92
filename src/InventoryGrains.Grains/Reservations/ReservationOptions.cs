namespace InventoryGrains.Grains.Reservations;

/// <summary>How reservations keep time (<c>Inventory:Reservations</c>).</summary>
public sealed class ReservationOptions
{
    public const string SectionName = "Inventory:Reservations";

    /// <summary>
    /// The period of a held reservation's reminder, which brings it back to expire on time after its
    /// silo stopped (its timer expires it while it is active). Orleans' minimum reminder period bounds it.
    /// </summary>
    public TimeSpan ReminderPeriod { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How long after its expiry the reminder first fires: the timer of a live activation comes first.</summary>
    public TimeSpan ReminderGrace { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>The wait before an expiry whose write failed is tried again.</summary>
    public TimeSpan ExpiryRetryDelay { get; set; } = TimeSpan.FromSeconds(1);
}
