namespace InventoryGrains.Abstractions.Webhooks;

/// <summary>
/// A tenant's webhooks (key: the tenant): registration with the target check, listing, deletion.
/// Each webhook's delivery runs in its own <see cref="IWebhookDeliveryGrain"/>.
/// </summary>
public interface IWebhookRegistryGrain : IGrainWithStringKey
{
    /// <summary>
    /// Registers <paramref name="url"/> and starts delivering the tenant's changes from now on. The
    /// answer holds the signing secret, the only time it is given.
    /// </summary>
    Task<WebhookCreation> CreateAsync(string url, string? description);

    Task<IReadOnlyList<Webhook>> ListAsync();

    /// <returns>False when the tenant has no such webhook.</returns>
    Task<bool> DeleteAsync(string webhookId);

    /// <returns>The webhook's recent delivery attempts, newest first; null when the tenant has no such webhook.</returns>
    Task<IReadOnlyList<WebhookDeliveryAttempt>?> GetDeliveriesAsync(string webhookId);
}

public static class WebhookGrains
{
    public static IWebhookRegistryGrain Webhooks(this IGrainFactory grains, string tenant)
    {
        ArgumentNullException.ThrowIfNull(grains);
        ArgumentException.ThrowIfNullOrWhiteSpace(tenant);
        return grains.GetGrain<IWebhookRegistryGrain>(tenant);
    }

    public static IWebhookDeliveryGrain WebhookDelivery(this IGrainFactory grains, string tenant, string webhookId)
    {
        ArgumentNullException.ThrowIfNull(grains);
        return grains.GetGrain<IWebhookDeliveryGrain>(TenantKey.Format(tenant, webhookId));
    }
}
