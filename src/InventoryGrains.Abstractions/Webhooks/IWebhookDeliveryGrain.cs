namespace InventoryGrains.Abstractions.Webhooks;

/// <summary>
/// Delivers a tenant's change feed to one webhook (key: tenant/webhook id): batches of changes,
/// signed, one in flight at a time, the position after each acknowledged batch stored.
/// </summary>
public interface IWebhookDeliveryGrain : IGrainWithStringKey
{
    /// <summary>Stores the subscription with the current end of the feed as its position and starts delivering.</summary>
    Task StartAsync(WebhookSubscription subscription);

    /// <summary>Stops delivering and forgets the subscription, its secret and its position.</summary>
    Task StopAsync();

    /// <summary>Recent attempts, newest first.</summary>
    Task<IReadOnlyList<WebhookDeliveryAttempt>> GetDeliveriesAsync();
}
