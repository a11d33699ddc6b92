using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using InventoryGrains.Api.Tests.Security;
using InventoryGrains.Testing;

namespace InventoryGrains.Api.Tests;

/// <summary>Every refusal names its cause, in the shape of the dialect addressed.</summary>
public sealed class RefusalTests(CapturingApiFactory factory) : IClassFixture<CapturingApiFactory>
{
    private HttpClient Client() => factory.Client(CapturingApiFactory.OwnerKey);

    private static StringContent Json(string json, string type = "application/json") => new(json, Encoding.UTF8, type);

    private static async Task<(HttpStatusCode Status, JsonNode Body)> PostAsync(HttpClient client, string path, string json, string type = "application/json")
    {
        using var response = await client.PostAsync(path, Json(json, type));
        return (response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync())!);
    }

    private static string WixMessage(JsonNode body) => body["details"]!["applicationError"]!["description"]!.GetValue<string>();

    [Theory]
    [InlineData("""{"inventoryItems":[{"variantId":"v","quantity":"ten"}]}""", "inventoryItems[0].quantity must be a whole number from -2147483648 to 2147483647.")]
    [InlineData("""{"inventoryItems":[{"variantId":"v","quantity":1.5}]}""", "inventoryItems[0].quantity must be a whole number from -2147483648 to 2147483647.")]
    [InlineData("""{"inventoryItems":[{"variantId":"v","quantity":2147483648}]}""", "inventoryItems[0].quantity must be a whole number from -2147483648 to 2147483647.")]
    [InlineData("""{"inventoryItems":[{"variantId":"v","inStock":"yes"}]}""", "inventoryItems[0].inStock must be true or false.")]
    [InlineData("""{"inventoryItems":{"variantId":"v"}}""", "inventoryItems must be an array.")]
    public async Task A_value_of_the_wrong_type_is_a_400_naming_its_path_and_the_expected_type(string json, string message)
    {
        var (status, body) = await PostAsync(Client(), "/stores/v3/bulk/inventory-items/create", json);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(message, WixMessage(body));
        Assert.Equal(message[..message.IndexOf(' ', StringComparison.Ordinal)], body["details"]!["applicationError"]!["data"]!["field"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_revision_that_is_not_a_number_and_a_bspk_quantity_out_of_range_name_their_fields()
    {
        using var client = Client();
        var (status, body) = await PostAsync(client, "/stores/v3/bulk/inventory-items/update", """{"inventoryItems":[{"inventoryItem":{"id":"a","revision":"abc","quantity":1}}]}""");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.StartsWith("inventoryItems[0].inventoryItem.revision must be a whole number", WixMessage(body), StringComparison.Ordinal);

        (status, body) = await PostAsync(client, "/api/platform/v1/products/inventories/batches",
            """{"inventories":[{"product_ref":"p","sku":"s","quantity":2147483648,"store_ref":"r","at":"2026-01-01T00:00:00Z"}]}""");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("inventories[0].quantity must be a whole number from -2147483648 to 2147483647.", body["errors"]![0]!["title"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_body_that_is_not_json_says_content_type_json_is_needed()
    {
        var (status, body) = await PostAsync(Client(), "/stores/v3/bulk/inventory-items/create", "{}", "text/plain");

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, status);
        Assert.Equal("UNSUPPORTED_MEDIA_TYPE", body["details"]!["applicationError"]!["code"]!.GetValue<string>());
        Assert.Contains("Content-Type: application/json", WixMessage(body), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_chunked_body_over_the_limit_gets_the_same_413_as_a_sized_one()
    {
        using var client = Client();
        var big = "{\"inventoryItems\":[" + string.Join(',', Enumerable.Repeat("{\"variantId\":\"" + new string('x', 200) + "\"}", 1000)) + "]}";

        using var sized = await client.PostAsync("/stores/v3/bulk/inventory-items/create", Json(big));
        using var chunkedContent = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(big)));
        chunkedContent.Headers.ContentType = new("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/stores/v3/bulk/inventory-items/create") { Content = chunkedContent };
        request.Headers.TransferEncodingChunked = true;
        using var chunked = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, sized.StatusCode);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, chunked.StatusCode);
        var sizedBody = await sized.Content.ReadAsStringAsync();
        Assert.Contains("PAYLOAD_TOO_LARGE", sizedBody, StringComparison.Ordinal);
        Assert.Equal(sizedBody, await chunked.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("/stores/v3/bulk/inventory-items/create", """{"inventoryItems":[{"variantId":"LONG257"}]}""", "wix", "inventoryItems[0].variantId is 257 characters long; at most 256 are accepted.")]
    [InlineData("/stores/v3/bulk/inventory-items/create", """{"inventoryItems":[{"variantId":"v","preorderInfo":{"message":"LONG1001"}}]}""", "wix", "inventoryItems[0].preorderInfo.message is 1001 characters long; at most 1000 are accepted.")]
    [InlineData("/api/platform/v1/products/inventories/batches", """{"inventories":[{"product_ref":"LONG257","sku":"s","quantity":1,"store_ref":"r","at":"2026-01-01T00:00:00Z"}]}""", "bspk", "inventories[0].product_ref is 257 characters long; at most 256 are accepted.")]
    [InlineData("/timp/products/skus/", """[{"sku_id":"LONG257","quantity_in_stock":1}]""", "crux", "[0].sku_id is 257 characters long; at most 256 are accepted.")]
    [InlineData("/api/v1/external/preorders", """{"selling_plan":{"name":"LONG1001"}}""", "stoq", "selling_plan.name is 1001 characters long; at most 1000 are accepted.")]
    [InlineData("/v1/webhooks", """{"url":"https://example.com/LONG2049"}""", "none", "url is 2069 characters long; at most 2048 are accepted.")]
    public async Task Every_string_field_has_a_maximum_length_and_a_longer_value_is_a_400_naming_the_field(string path, string template, string dialect, string message)
    {
        var json = template.Replace("LONG257", new string('x', 257), StringComparison.Ordinal)
            .Replace("LONG1001", new string('x', 1001), StringComparison.Ordinal)
            .Replace("LONG2049", new string('x', 2049), StringComparison.Ordinal);

        using var response = await Client().PostAsync(path, Json(json));
        var text = await response.Content.ReadAsStringAsync();

        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, text);
        Assert.True(DialectShapes.IsErrorShape(dialect, text), text);
        Assert.Contains(message, text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_id_in_the_path_over_its_maximum_is_a_400_and_no_log_line_carries_the_value_whole()
    {
        var id = new string('z', 100_000);

        using var response = await Client().GetAsync($"/stores/v3/inventory-items/{id}");
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("is 100000 characters long; at most 256 are accepted", text, StringComparison.Ordinal);
        Assert.DoesNotContain(new string('z', 1001), text, StringComparison.Ordinal);
        // (The framework's own request trace, below the level logged by default, aside.)
        Assert.DoesNotContain(factory.Logs.Lines, line => !line.StartsWith("Microsoft.AspNetCore.Hosting", StringComparison.Ordinal) && line.Contains(new string('z', 1001), StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_wix_update_that_names_no_field_it_can_change_is_refused_naming_the_unknown_properties_and_changes_nothing()
    {
        using var client = Client();
        var id = $"nothing-{Guid.NewGuid():N}";
        var (status, _) = await PostAsync(client, "/stores/v3/inventory-items", $$$"""{"inventoryItem":{"id":"{{{id}}}","variantId":"v-{{{id}}}","quantity":4}}""");
        Assert.Equal(HttpStatusCode.OK, status);

        var (bulkStatus, bulk) = await PostAsync(client, "/stores/v3/bulk/inventory-items/update", $$$"""{"inventoryItems":[{"inventoryItem":{"id":"{{{id}}}","revision":"1","quantiy":1}}]}""");
        Assert.Equal(HttpStatusCode.OK, bulkStatus);
        var metadata = bulk["results"]![0]!["itemMetadata"]!;
        Assert.False(metadata["success"]!.GetValue<bool>());
        Assert.Equal("INVALID_ARGUMENT", metadata["error"]!["code"]!.GetValue<string>());
        Assert.Contains("unknown properties: quantiy", metadata["error"]!["description"]!.GetValue<string>(), StringComparison.Ordinal);

        using var patch = await client.PatchAsync($"/stores/v3/inventory-items/{id}", Json("""{"inventoryItem":{"revision":"1","quantiy":1}}"""));
        Assert.Equal(HttpStatusCode.BadRequest, patch.StatusCode);

        var item = (await client.GetFromJsonAsync<JsonObject>($"/stores/v3/inventory-items/{id}"))!["inventoryItem"]!;
        Assert.Equal("1", item["revision"]!.GetValue<string>());
        var changes = (await client.GetFromJsonAsync<JsonObject>($"/v1/inventory-items/{id}/changes"))!["changes"]!.AsArray();
        Assert.Single(changes);
    }

    [Fact]
    public async Task An_update_with_no_field_at_all_is_refused_by_the_item()
    {
        using var client = Client();
        var id = $"empty-{Guid.NewGuid():N}";
        await PostAsync(client, "/stores/v3/inventory-items", $$$"""{"inventoryItem":{"id":"{{{id}}}","variantId":"v-{{{id}}}","quantity":4}}""");

        var (_, bulk) = await PostAsync(client, "/stores/v3/bulk/inventory-items/update", $$$"""{"inventoryItems":[{"inventoryItem":{"id":"{{{id}}}","revision":"1"}}]}""");

        var error = bulk["results"]![0]!["itemMetadata"]!["error"]!;
        Assert.Equal("INVALID_ARGUMENT", error["code"]!.GetValue<string>());
        Assert.Contains("names no field to change", error["description"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/v1/changes?since=5", "since")]
    [InlineData("/v1/changes?limit=5&cursr=abc", "cursr")]
    [InlineData("/v1/webhooks?all=true", "all")]
    public async Task The_services_own_routes_refuse_query_parameters_they_do_not_know(string path, string parameter)
    {
        using var response = await Client().GetAsync(path);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains($"Unknown query parameter {parameter}", body["detail"]!.GetValue<string>(), StringComparison.Ordinal);
    }
}

/// <summary>Metrics switched off, as outside the embedded mode by default.</summary>
public sealed class MetricsOffApiFactory() : EmbeddedApiFactory(new Dictionary<string, string>
{
    ["Inventory:Metrics:Enabled"] = "false",
    ["Inventory:ApiKeys:0:Key"] = "metrics-off-key",
    ["Inventory:ApiKeys:0:Tenant"] = "shop-1",
});

public sealed class MetricsOffTests(MetricsOffApiFactory factory) : IClassFixture<MetricsOffApiFactory>
{
    [Fact]
    public async Task Metrics_that_are_not_served_are_404_with_or_without_a_key()
    {
        using var anonymous = factory.CreateClient();
        using var keyed = factory.CreateClient().WithApiKey("metrics-off-key");

        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync("/metrics")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await keyed.GetAsync("/metrics")).StatusCode);
    }
}

/// <summary>The embedded mode with tenant keys and an operator tenant: the dashboard is no longer the developer's alone.</summary>
public sealed class EmbeddedWithKeysApiFactory() : EmbeddedApiFactory(new Dictionary<string, string>
{
    ["Inventory:ApiKeys:0:Key"] = "merchant-key",
    ["Inventory:ApiKeys:0:Tenant"] = "shop-1",
    ["Inventory:ApiKeys:1:Key"] = "operator-key",
    ["Inventory:ApiKeys:1:Tenant"] = "operators",
    ["Inventory:Dashboard:Tenants:0"] = "operators",
});

public sealed class EmbeddedDashboardLockTests(EmbeddedWithKeysApiFactory factory) : IClassFixture<EmbeddedWithKeysApiFactory>
{
    [Theory]
    [InlineData("/dashboard/")]
    [InlineData("/dashboard/Trace")]
    [InlineData("/dashboard/Reminders")]
    [InlineData("/dashboard/ClusterStats")]
    public async Task With_keys_configured_the_embedded_dashboard_needs_an_operators_key(string path)
    {
        using var anonymous = factory.CreateClient();
        using var merchant = factory.CreateClient().WithApiKey("merchant-key");
        using var operatorClient = factory.CreateClient().WithApiKey("operator-key");

        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync(path)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await merchant.GetAsync(path)).StatusCode);

        // (The trace is a stream that does not end: its status is all there is to read.)
        using var opened = await operatorClient.GetAsync(path, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, opened.StatusCode);
    }
}
