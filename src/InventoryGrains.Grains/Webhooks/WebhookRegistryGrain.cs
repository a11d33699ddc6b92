using System.Security.Cryptography;
using InventoryGrains.Abstractions;
using InventoryGrains.Abstractions.Webhooks;
using InventoryGrains.Grains.Persistence;
using InventoryGrains.Storage.Items;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace InventoryGrains.Grains.Webhooks;

/// <summary>
/// A tenant's webhooks. Registration checks the target, starts the webhook's delivery grain (which
/// stores the secret and the feed's current end as its position) and then stores the webhook; a
/// deletion forgets the webhook first and then stops its delivery.
/// </summary>
public sealed partial class WebhookRegistryGrain(
    [PersistentState("webhooks", StorageNames.Inventory)] IPersistentState<WebhookRegistryRecord> state,
    IEnumerable<IItemChangeReader> readers,
    IOptions<WebhookOptions> options,
    TimeProvider clock,
    ILogger<WebhookRegistryGrain> logger)
    : Grain, IWebhookRegistryGrain
{
    private readonly WebhookOptions _options = options.Value;

    private string Tenant => this.GetPrimaryKeyString();

    public async Task<WebhookCreation> CreateAsync(string url, string? description)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (!readers.Any())
        {
            throw new NotSupportedException("The configured item storage keeps no ledger, so there is no feed to deliver: use the item store (Inventory:Storage:Items:Provider).");
        }

        if (state.State.Webhooks.Count >= _options.MaxWebhooksPerTenant)
        {
            return WebhookCreation.Refused(WebhookRefusalReason.TooManyWebhooks, $"A tenant has at most {_options.MaxWebhooksPerTenant} webhooks; delete one first.");
        }

        if (await WebhookTargets.CheckAsync(url, _options.AllowPrivateNetworks) is { } refusal)
        {
            return new WebhookCreation(null, null, refusal);
        }

        var webhook = new Webhook($"wh_{Guid.NewGuid():N}", url, description, clock.GetUtcNow());
        var secret = "whsec_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        var delivery = GrainFactory.WebhookDelivery(Tenant, webhook.Id);
        await delivery.StartAsync(new WebhookSubscription(url, secret));

        var next = state.State.Clone();
        next.Webhooks.Add(webhook);
        if (!await state.TryCommitAsync(next, this, logger))
        {
            await delivery.StopAsync();
            throw new InvalidOperationException($"Webhook {webhook.Id} could not be stored.");
        }

        var host = new Uri(url).Host;
        LogCreated(logger, Tenant, webhook.Id, host);
        return WebhookCreation.Created(webhook, secret);
    }

    public Task<IReadOnlyList<Webhook>> ListAsync() => Task.FromResult<IReadOnlyList<Webhook>>([.. state.State.Webhooks]);

    public async Task<bool> DeleteAsync(string webhookId)
    {
        var next = state.State.Clone();
        if (next.Webhooks.RemoveAll(webhook => webhook.Id == webhookId) == 0)
        {
            return false;
        }

        if (!await state.TryCommitAsync(next, this, logger))
        {
            throw new InvalidOperationException($"Webhook {webhookId} could not be deleted.");
        }

        await GrainFactory.WebhookDelivery(Tenant, webhookId).StopAsync();
        LogDeleted(logger, Tenant, webhookId);
        return true;
    }

    public async Task<IReadOnlyList<WebhookDeliveryAttempt>?> GetDeliveriesAsync(string webhookId) =>
        state.State.Webhooks.Exists(webhook => webhook.Id == webhookId)
            ? await GrainFactory.WebhookDelivery(Tenant, webhookId).GetDeliveriesAsync()
            : null;

    [LoggerMessage(Level = LogLevel.Information, Message = "Tenant {Tenant} registered webhook {WebhookId} for a receiver at {Host}")]
    private static partial void LogCreated(ILogger logger, string tenant, string webhookId, string host);

    [LoggerMessage(Level = LogLevel.Information, Message = "Tenant {Tenant} deleted webhook {WebhookId}")]
    private static partial void LogDeleted(ILogger logger, string tenant, string webhookId);
}

/// <summary>The stored state of a tenant's webhook registry.</summary>
[GenerateSerializer]
public sealed class WebhookRegistryRecord
{
    [Id(0)] public List<Webhook> Webhooks { get; set; } = [];

    public WebhookRegistryRecord Clone() => new() { Webhooks = [.. Webhooks] };
}
