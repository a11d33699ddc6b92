namespace InventoryGrains.Abstractions.Diagnostics;

/// <summary>
/// An operational probe: a persisted counter and a reminder tick counter that show whether a
/// deployment's clustering, grain storage and reminder service work end to end.
/// </summary>
public interface IClusterProbeGrain : IGrainWithStringKey
{
    /// <summary>Adds one to the persisted counter and reports the state after the write.</summary>
    Task<ProbeSnapshot> IncrementAsync();

    Task<ProbeSnapshot> GetAsync();

    /// <summary>Registers a reminder whose every tick is counted in persisted state.</summary>
    Task StartReminderAsync(TimeSpan dueTime, TimeSpan period);

    Task StopReminderAsync();
}

/// <param name="Count">The persisted counter.</param>
/// <param name="ReminderTicks">How many reminder ticks were persisted.</param>
/// <param name="HostingSilo">The address of the silo that answered.</param>
[GenerateSerializer, Immutable]
public sealed record ProbeSnapshot(
    [property: Id(0)] long Count,
    [property: Id(1)] long ReminderTicks,
    [property: Id(2)] string HostingSilo);
