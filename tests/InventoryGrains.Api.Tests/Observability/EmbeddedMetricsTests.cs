using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using InventoryGrains.Testing;

namespace InventoryGrains.Api.Tests.Observability;

/// <summary>
/// <c>GET /metrics</c> of the embedded mode: Prometheus text without a key, and the service's own
/// instruments moving by exactly what a request did.
/// </summary>
/// <remarks>
/// Every host here lives as long as the class: a host that stops while another one is exporting
/// ends the ASP.NET Core and Orleans instruments of the same name in the other's exporter too (they
/// are per-host meters of one name), which no single-host process meets.
/// </remarks>
[Collection(SharedMeters.Name)]
public sealed class EmbeddedMetricsTests(EmbeddedApiFactory factory, RateLimitedApiFactory limited, StoqApiFactory stoq)
    : IClassFixture<EmbeddedApiFactory>, IClassFixture<RateLimitedApiFactory>, IClassFixture<StoqApiFactory>
{
    private const string Changes = "inventory_item_changes_applied_total";
    private const string Rejections = "inventory_item_rule_rejections_total";
    private const string BulkSizeCount = "inventory_bulk_size_count";
    private const string BulkSizeSum = "inventory_bulk_size_sum";
    private const string FanoutCount = "inventory_bulk_fanout_duration_seconds_count";
    private const string FanoutBucket = "inventory_bulk_fanout_duration_seconds_bucket";
    private static readonly (string, string) Wix = ("inventory_dialect", "wix");

    private HttpClient Client(string? key = "dev-key")
    {
        var client = factory.CreateClient();
        if (key is not null)
        {
            client.DefaultRequestHeaders.Add("Authorization", $"Bearer {key}");
        }

        return client;
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    [Fact]
    public async Task Metrics_are_prometheus_text_served_without_a_key_and_kept_out_of_the_openapi_document()
    {
        using var anonymous = Client(key: null);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/health/live")).StatusCode);

        var response = await anonymous.GetAsync("/metrics");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        var text = await response.Content.ReadAsStringAsync();
        Assert.Contains("# TYPE http_server_request_duration_seconds histogram", text, StringComparison.Ordinal);
        Assert.Contains("target_info{", text, StringComparison.Ordinal);
        Assert.Contains("service_name=\"inventory-api\"", text, StringComparison.Ordinal);

        var paths = (await anonymous.GetFromJsonAsync<JsonObject>("/openapi/v1.json"))!["paths"]!.AsObject().Select(p => p.Key).ToList();
        Assert.NotEmpty(paths);
        Assert.DoesNotContain(paths, p => p.StartsWith("/metrics", StringComparison.Ordinal) || p.StartsWith("/dashboard", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_bulk_moves_changes_applied_bulk_sizes_fanout_latency_rule_rejections_and_http_durations_by_exactly_what_it_did()
    {
        using var client = Client();
        var ids = Enumerable.Range(0, 3).Select(_ => Guid.NewGuid().ToString()).ToList();
        var before = await MetricsSnapshot.ScrapeAsync(client);

        var created = await client.PostAsync("/stores/v3/bulk/inventory-items/create", Json(
            "{\"inventoryItems\":[" + string.Join(',', ids.Select(id => $$"""{"id":"{{id}}","variantId":"v-{{id}}","quantity":5}""")) + "]}"));
        Assert.Equal(HttpStatusCode.OK, created.StatusCode);

        // One decrement within stock, one beyond it: one change, one refusal.
        var decremented = await client.PostAsync("/stores/v3/bulk/inventory-items/decrement", Json(
            $$"""{"decrementData":[{"inventoryItemId":"{{ids[0]}}","decrementBy":2},{"inventoryItemId":"{{ids[1]}}","decrementBy":50}]}"""));
        Assert.Equal(HttpStatusCode.OK, decremented.StatusCode);
        var results = (await decremented.Content.ReadFromJsonAsync<JsonObject>())!["results"]!.AsArray();
        Assert.True(results[0]!["itemMetadata"]!["success"]!.GetValue<bool>());
        Assert.False(results[1]!["itemMetadata"]!["success"]!.GetValue<bool>());

        var after = await MetricsSnapshot.ScrapeAsync(client);

        Assert.Equal(4, after.Since(before, Changes, Wix, ("inventory_change_reason", "MANUAL")));
        Assert.Equal(1, after.Since(before, Rejections, Wix, ("inventory_error_code", "INSUFFICIENT_INVENTORY")));
        Assert.Equal(2, after.Since(before, BulkSizeCount, Wix));
        Assert.Equal(5, after.Since(before, BulkSizeSum, Wix));
        Assert.Equal(2, after.Since(before, FanoutCount, Wix));
        Assert.True(after.Since(before, "inventory_bulk_fanout_duration_seconds_sum", Wix) > 0);

        // The advised buckets: a fan-out in process takes well under ten seconds, so it lands in a finite bucket.
        Assert.Equal(2, after.Since(before, FanoutBucket, Wix, ("le", "10")));
        Assert.True(after.Value("orleans_catalog_activations", ("grain_type", "inventoryitem")) >= 3);

        // ASP.NET Core records a request's duration as the request ends, which may be just after the response reached the client.
        await Eventually.HoldsAsync(
            async () => (await MetricsSnapshot.ScrapeAsync(client)).Since(before, "http_server_request_duration_seconds_count",
                ("http_route", "/stores/v3/bulk/inventory-items/create"), ("http_response_status_code", "200")) == 1,
            TimeSpan.FromSeconds(10), "the create request's duration to be recorded");
    }

    [Fact]
    public async Task Requests_over_the_rate_limit_are_counted_by_dialect()
    {
        using var client = limited.CreateClient();
        client.DefaultRequestHeaders.Add("X-Auth-Token", "limited-three");
        var before = await MetricsSnapshot.ScrapeAsync(client);

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 5; i++)
        {
            statuses.Add((await client.GetAsync($"/stores/v3/inventory-items/{Guid.NewGuid()}")).StatusCode);
        }

        var after = await MetricsSnapshot.ScrapeAsync(client);
        Assert.Equal(2, statuses.Count(s => s == HttpStatusCode.TooManyRequests));
        Assert.Equal(2, after.Since(before, "inventory_rate_limit_rejections_total", Wix));
    }

    [Fact]
    public async Task A_stoq_toggle_job_counts_its_stored_batches_and_variants()
    {
        using var client = stoq.CreateClient();
        client.DefaultRequestHeaders.Add("X-Auth-Token", "shop-one-secret");
        var variants = Enumerable.Range(0, 3).Select(i => 990_000_000L + Random.Shared.Next(1_000_000) * 10L + i).ToArray();
        var before = await MetricsSnapshot.ScrapeAsync(client);

        var plan = await (await client.PostAsync("/api/v1/external/preorders", Json("""{"selling_plan":{"name":"Metrics drop"}}"""))).Content.ReadFromJsonAsync<JsonObject>();
        var planId = plan!["id"]!.GetValue<string>();
        var ids = string.Join(',', variants);
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync($"/api/v1/external/preorders/{planId}/variants", Json($$"""{"shopify_variant_ids":[{{ids}}]}"""))).StatusCode);
        var queued = await (await client.PostAsync($"/api/v1/external/preorders/{planId}/bulk_toggle_inventory_policy",
            Json($$"""{"shopify_variant_ids":[{{ids}}],"inventory_policy":"CONTINUE"}"""))).Content.ReadFromJsonAsync<JsonObject>();
        var jobId = queued!["job_id"]!.GetValue<string>();
        await Eventually.HoldsAsync(
            async () => (await client.GetFromJsonAsync<JsonObject>($"/api/v1/external/preorders/{planId}/jobs/{jobId}"))!["state"]!.GetValue<string>() == "completed",
            TimeSpan.FromSeconds(60), "the job to complete");

        var after = await MetricsSnapshot.ScrapeAsync(client);
        Assert.Equal(1, after.Since(before, "inventory_job_batches_total", ("inventory_job_batch_outcome", "stored")));
        Assert.Equal(0, after.Since(before, "inventory_job_batches_total", ("inventory_job_batch_outcome", "failed")));
        Assert.Equal(3, after.Since(before, "inventory_job_variants_total"));
        Assert.Equal(1, after.Since(before, "inventory_job_batch_duration_seconds_count", ("inventory_job_batch_outcome", "stored")));
    }
}
