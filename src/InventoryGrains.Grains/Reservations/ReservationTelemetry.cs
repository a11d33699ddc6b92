using System.Diagnostics;
using System.Diagnostics.Metrics;
using InventoryGrains.Abstractions.Diagnostics;
using InventoryGrains.Domain.Items;
using InventoryGrains.Domain.Reservations;

namespace InventoryGrains.Grains.Reservations;

/// <summary>
/// The reservations' instruments (transitions stored, by status reached, and the holds open now) and
/// spans: one per transition a reservation stores, in the trace of the request that caused it, with
/// its items' calls and the store's write (or the batch it joined, linked) below it.
/// </summary>
public static class ReservationTelemetry
{
    public const string Name = "InventoryGrains.Reservations";

    private static readonly Meter Meter = new(Name);
    private static readonly ActivitySource Source = new(Name);

    private static readonly Counter<long> Transitions = Meter.CreateCounter<long>(
        "inventory.reservation.transitions", "{reservation}", "Reservation transitions stored, by the status reached (held for a creation).");

    private static readonly UpDownCounter<long> OpenHolds = Meter.CreateUpDownCounter<long>(
        "inventory.reservation.holds.open", "{reservation}", "Reservations held now (created, not yet confirmed, released or expired), as counted by this silo.");

    /// <summary>The span of a transition, from its decision until it is stored (or known not to be); null when nobody listens.</summary>
    internal static Activity? StartTransition(string tenant, Reservation next, ReservationStep? step, int items)
    {
        if (!Source.HasListeners())
        {
            return null;
        }

        var activity = Source.StartActivity("inventory.reservation.transition", ActivityKind.Internal);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag(TelemetryTags.Tenant, tenant);
            activity.SetTag("inventory.reservation.id", next.Id);
            activity.SetTag("inventory.reservation.status", next.Status.Code());
            activity.SetTag("inventory.reservation.items", items);
        }

        return activity;
    }

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
