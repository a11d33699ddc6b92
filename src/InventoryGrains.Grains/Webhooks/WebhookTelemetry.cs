using System.Diagnostics.Metrics;

namespace InventoryGrains.Grains.Webhooks;

/// <summary>The webhooks' instruments: delivery attempts by outcome, and the changes acknowledged by receivers.</summary>
public static class WebhookTelemetry
{
    public const string Name = "InventoryGrains.Webhooks";

    private static readonly Meter Meter = new(Name);

    private static readonly Counter<long> Attempts = Meter.CreateCounter<long>(
        "inventory.webhook.delivery.attempts", "{attempt}", "Delivery attempts, by outcome (delivered: a 2xx answer; failed: any other answer or none).");

    private static readonly Counter<long> ChangesDelivered = Meter.CreateCounter<long>(
        "inventory.webhook.changes.delivered", "{change}", "Changes in deliveries a receiver acknowledged.");

    internal static void Attempted(bool delivered, int changes)
    {
        Attempts.Add(1, new KeyValuePair<string, object?>("outcome", delivered ? "delivered" : "failed"));
        if (delivered)
        {
            ChangesDelivered.Add(changes);
        }
    }
}
