namespace InventoryGrains.Abstractions.Reservations;

/// <summary>
/// The expiry sweep of the cluster (key 0): a reminder brings it back every period, and it wakes
/// every held reservation past its time, whose own timer was lost with its silo.
/// </summary>
public interface IReservationExpiryGrain : IGrainWithIntegerKey
{
    /// <summary>Registers the sweep's reminder (idempotent); every silo calls it as it starts.</summary>
    Task StartAsync();

    /// <summary>Wakes every held reservation due by now less the grace; returns how many it woke.</summary>
    Task<int> SweepAsync();
}
