using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using InventoryGrains.Abstractions;
using InventoryGrains.Abstractions.Identifiers;
using InventoryGrains.Abstractions.Inventory;
using InventoryGrains.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using InventoryGrains.Domain.Items;

namespace InventoryGrains.Api.Tests.Security;

/// <summary>The embedded mode with two tenants' keys, a small body limit, and every log line kept.</summary>
public sealed class CapturingApiFactory() : EmbeddedApiFactory(new Dictionary<string, string>
{
    ["Inventory:ApiKeys:0:Key"] = OwnerKey,
    ["Inventory:ApiKeys:0:Tenant"] = "shop-1",
    ["Inventory:ApiKeys:1:Key"] = OtherKey,
    ["Inventory:ApiKeys:1:Tenant"] = "shop-2",
    ["Inventory:Http:MaxRequestBodyBytes"] = "100000",
    ["Inventory:RateLimit:PermitLimit"] = "1000000",
})
{
    public const string OwnerKey = "owner-key-4f1c9a";
    public const string OtherKey = "other-key-82d7e0";
    public const string WrongKey = "wrong-key-c03b55";

    /// <summary>Written into the owner's item and plan: no answer to another tenant may contain it.</summary>
    public string OwnerMarker { get; } = $"owner-data-{Guid.NewGuid():N}";

    public CapturedLogs Logs { get; } = new();

    public HttpClient Client(string? key)
    {
        var client = CreateClient();
        if (key is not null)
        {
            client.WithApiKey(key);
        }

        return client;
    }

    /// <summary>Creates one of each resource for shop-1, through its own routes.</summary>
    public async Task<RouteCatalog.Ids> CreateOwnerResourcesAsync()
    {
        using var owner = Client(OwnerKey);
        var item = await PostAsync(owner, "/stores/v3/inventory-items", $$$"""{"inventoryItem":{"variantId":"{{{OwnerMarker}}}","productId":"{{{OwnerMarker}}}","quantity":5}}""");
        var plan = await PostAsync(owner, "/api/v1/external/preorders", $$$"""{"selling_plan":{"name":"{{{OwnerMarker}}}"}}""");
        var variant = Random.Shared.NextInt64(1, long.MaxValue / 2);
        var planId = plan["id"]!.GetValue<string>();
        await PostAsync(owner, $"/api/v1/external/preorders/{planId}/variants", $$"""{"shopify_variant_ids":[{{variant}}]}""");
        var job = await PostAsync(owner, $"/api/v1/external/preorders/{planId}/bulk_toggle_inventory_policy", $$"""{"shopify_variant_ids":[{{variant}}],"inventory_policy":"CONTINUE"}""");
        var sku = $"owner-sku-{Guid.NewGuid():N}";
        await PostAsync(owner, "/timp/products/skus/", $$"""[{"sku_id":"{{sku}}","quantity_in_stock":5}]""");
        // The toggle runs in the background; let it finish so that the owner's data stands still.
        await Eventually.HoldsAsync(
            async () => !JsonNode.Parse(await owner.GetStringAsync($"/api/v1/external/preorders/{planId}"))!["ongoing_job"]!.GetValue<bool>(),
            TimeSpan.FromSeconds(60), "the owner's toggle job to finish");
        var bspk = $"owner-bspk-{Guid.NewGuid():N}";
        await PostAsync(owner, "/api/platform/v1/products/inventories/batches",
            $$"""{"inventories":[{"product_ref":"{{OwnerMarker}}","sku":"{{bspk}}","quantity":5,"store_ref":"str1","at":"2021-01-01T00:00:00Z"}]}""");
        // Port 9 (discard) on loopback: deliveries fail and are retried, which changes nothing the snapshot reads.
        var webhook = await PostAsync(owner, "/v1/webhooks", $$"""{"url":"http://127.0.0.1:9/{{OwnerMarker}}","description":"{{OwnerMarker}}"}""");
        var itemId = item["inventoryItem"]!["id"]!.GetValue<string>();
        var reservation = await PostAsync(owner, "/v1/reservations", $$$"""{"lines":[{"itemId":"{{{itemId}}}","quantity":1}],"reference":"{{{OwnerMarker}}}"}""");
        return new RouteCatalog.Ids(itemId, planId, job["job_id"]!.GetValue<string>(), variant, sku, bspk, webhook["id"]!.GetValue<string>(), reservation["id"]!.GetValue<string>());
    }

    /// <summary>
    /// Everything shop-1 owns, as stored, once any toggle job of its plan has finished (an accepted
    /// toggle keeps changing the plan for a while): any change shows as a different string.
    /// </summary>
    public async Task<string> SnapshotAsync(RouteCatalog.Ids ids)
    {
        using (var reader = Client(OwnerKey))
        {
            await Eventually.HoldsAsync(
                async () => await reader.GetAsync($"/api/v1/external/preorders/{ids.Plan}") is var response
                    && (response.StatusCode != System.Net.HttpStatusCode.OK
                        || !JsonNode.Parse(await response.Content.ReadAsStringAsync())!["ongoing_job"]!.GetValue<bool>()),
                TimeSpan.FromSeconds(60), "the owner's toggle jobs to finish");
        }

        var grains = Services.GetRequiredService<IGrainFactory>();
        async Task<string> ItemBy(string key, string location)
        {
            var id = await grains.GetGrain<IIdentifierIndexGrain>(TenantKey.Format("shop-1", key)).ResolveAsync(location);
            var item = id is null ? null : (await grains.GetGrain<IInventoryItemGrain>(InventoryItemKey.Format("shop-1", id)).GetAsync());
            return $"{item?.Id}:{item?.Revision}:{item?.Quantity}";
        }

        using var owner = Client(OwnerKey);
        async Task<string> Read(string path)
        {
            var response = await owner.GetAsync(path);
            return $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}";
        }

        var parts = new[]
        {
            await Read($"/stores/v3/inventory-items/{ids.Item}"),
            await Read($"/api/v1/external/preorders/{ids.Plan}"),
            await Read($"/api/v1/external/variants/{ids.Variant}"),
            await Read("/v1/webhooks"),
            await Read($"/v1/inventory-items/{ids.Item}/changes"),
            await Read($"/v1/reservations/{ids.Reservation}"),
            await ItemBy("sku:" + ids.Sku, "default"),
            await ItemBy("sku:" + ids.BspkSku, "str1"),
        };
        return string.Join("\n", parts);
    }

    private static async Task<JsonObject> PostAsync(HttpClient client, string path, string body)
    {
        var response = await client.PostAsync(path, new StringContent(body, Encoding.UTF8, "application/json"));
        Assert.True(response.IsSuccessStatusCode, $"{path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        var node = await response.Content.ReadFromJsonAsync<JsonNode>();
        return node as JsonObject ?? new JsonObject();
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureLogging(logging => logging.AddProvider(Logs).SetMinimumLevel(LogLevel.Trace).AddFilter("Orleans", LogLevel.Information));
    }
}

/// <summary>Keeps every formatted log line and exception, to search them for secrets.</summary>
public sealed class CapturedLogs : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _lines = new();

    public IReadOnlyCollection<string> Lines => _lines;

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _lines);

    public void Dispose()
    {
    }

    private sealed class Logger(string category, ConcurrentQueue<string> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull
        {
            lines.Enqueue($"{category} scope: {state}");
            return null;
        }

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            lines.Enqueue($"{category} [{logLevel}] {formatter(state, exception)} {state} {exception}");
    }
}
