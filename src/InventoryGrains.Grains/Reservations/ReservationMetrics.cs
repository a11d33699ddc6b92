using System.Diagnostics.Metrics;
using InventoryGrains.Domain.Items;
using InventoryGrains.Domain.Reservations;

namespace InventoryGrains.Grains.Reservations;

/// <summary>The reservations' instruments: transitions stored, by status reached, and the holds open now.</summary>
public static class ReservationMetrics
{
    public const string Name = "InventoryGrains.Reservations";

    private static readonly Meter Meter = new(Name);

    private static readonly Counter<long> Transitions = Meter.CreateCounter<long>(
        "inventory.reservation.transitions", "{reservation}", "Reservation transitions stored, by the status reached (held for a creation).");

    private static readonly UpDownCounter<long> OpenHolds = Meter.CreateUpDownCounter<long>(
        "inventory.reservation.holds.open", "{reservation}", "Reservations held now (created, not yet confirmed, released or expired), as counted by this silo.");

    /// <summary>Counts a stored transition; an extension (no step) is none.</summary>
    internal static void Transitioned(Reservation reservation, ReservationStep? step)
    {
        if (step is null)
        {
            return;
        }

        Transitions.Add(1, new KeyValuePair<string, object?>("status", reservation.Status.Code()));
        if (step == ReservationStep.Hold)
        {
            OpenHolds.Add(1);
        }
        else if (step is ReservationStep.Confirm or ReservationStep.Release or ReservationStep.Expire)
        {
            OpenHolds.Add(-1);
        }
    }
}
