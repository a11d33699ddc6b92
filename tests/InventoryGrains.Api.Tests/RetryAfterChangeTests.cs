using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using InventoryGrains.Domain.Operations;
using InventoryGrains.Testing;

namespace InventoryGrains.Api.Tests;

/// <summary>
/// A keyed change whose write was stored but answered <c>UNAVAILABLE</c>, its item then changed by
/// another request, and the change repeated with its key: the item recognises the operation and
/// answers it as applied (the item as it is now where the route answers with one), never a 5xx,
/// and nothing is applied twice.
/// </summary>
public sealed class RetryAfterChangeTests(IdempotencyApiFactory factory) : IClassFixture<IdempotencyApiFactory>
{
    private const string KeyHeader = "Idempotency-Key";

    private HttpClient Client() => factory.CreateClient().WithApiKey(IdempotencyApiFactory.Key);

    private static string NewKey() => $"key-{Guid.NewGuid():N}";

    /// <summary>The id an idempotent creation gives the item of its first entry.</summary>
    private static string CreatedId(string key) => OperationIds.CreatedIdOf("shop-1", OperationIds.OfEntry(key, 0));

    [Fact]
    public async Task A_wix_create_repeated_after_its_item_changed_answers_the_item_as_it_is_now()
    {
        using var client = Client();
        var key = NewKey();
        var id = CreatedId(key);
        var body = $$$"""{"inventoryItem":{"variantId":"{{{Guid.NewGuid()}}}","quantity":4}}""";
        factory.Items.FailNextWrite(id, UnreliableItemStore.Fault.FailAfterStoring);

        using var first = await SendAsync(client, HttpMethod.Post, "/stores/v3/inventory-items", body, key);
        await UpdateAsync(client, id, revision: 1, quantity: 9);
        using var repeat = await SendAsync(client, HttpMethod.Post, "/stores/v3/inventory-items", body, key);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, repeat.StatusCode);
        var item = (await ReadJsonAsync(repeat))["inventoryItem"]!;
        Assert.Equal((id, "2", 9), (item["id"]!.GetValue<string>(), item["revision"]!.GetValue<string>(), item["quantity"]!.GetValue<int>()));
        Assert.Equal((2L, 9), await ReadItemAsync(client, id));
    }

    [Fact]
    public async Task A_wix_update_repeated_after_its_item_changed_again_answers_the_item_as_it_is_now()
    {
        using var client = Client();
        var id = await CreateItemAsync(client, 10);
        var key = NewKey();
        var body = $$$"""{"inventoryItem":{"id":"{{{id}}}","revision":"1","quantity":6}}""";
        factory.Items.FailNextWrite(id, UnreliableItemStore.Fault.FailAfterStoring);

        using var first = await SendAsync(client, HttpMethod.Patch, $"/stores/v3/inventory-items/{id}", body, key);
        await UpdateAsync(client, id, revision: 2, quantity: 3);
        using var repeat = await SendAsync(client, HttpMethod.Patch, $"/stores/v3/inventory-items/{id}", body, key);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, repeat.StatusCode);
        var item = (await ReadJsonAsync(repeat))["inventoryItem"]!;
        Assert.Equal(("3", 3), (item["revision"]!.GetValue<string>(), item["quantity"]!.GetValue<int>()));
        Assert.Equal((3L, 3), await ReadItemAsync(client, id));
    }

    [Fact]
    public async Task A_crux_create_repeated_after_its_sku_changed_answers_created_with_the_item()
    {
        using var client = Client();
        var key = NewKey();
        var id = CreatedId(key);
        var sku = $"sku-{Guid.NewGuid():N}";
        var body = $$"""[{"sku_id":"{{sku}}","quantity_in_stock":5}]""";
        factory.Items.FailNextWrite(id, UnreliableItemStore.Fault.FailAfterStoring);

        using var first = await SendAsync(client, HttpMethod.Post, "/timp/products/skus/", body, key);
        using var change = await SendAsync(client, HttpMethod.Post, "/timp/products/skus/inventory/bulk/", $$"""[{"sku_id":"{{sku}}","quantity_in_stock":8}]""", key: null);
        using var repeat = await SendAsync(client, HttpMethod.Post, "/timp/products/skus/", body, key);

        Assert.Equal(503, (await ReadJsonArrayAsync(first))[0]!["status_code"]!.GetValue<int>());
        Assert.Equal(200, (await ReadJsonArrayAsync(change))[0]!["status_code"]!.GetValue<int>());
        Assert.Equal(HttpStatusCode.OK, repeat.StatusCode);
        var answer = (await ReadJsonArrayAsync(repeat))[0]!;
        Assert.Equal((201, id), (answer["status_code"]!.GetValue<int>(), answer["inventory_item_id"]!.GetValue<string>()));
        Assert.Equal((2L, 8), await ReadItemAsync(client, id));
    }

    [Fact]
    public async Task A_bspk_batch_repeated_after_its_item_changed_answers_created_for_the_record_that_created_it()
    {
        using var client = Client();
        var key = NewKey();
        var id = CreatedId(key);
        var sku = $"sku-{Guid.NewGuid():N}";
        var body = Batch(sku, 5, "2026-11-01T10:00:00Z");
        factory.Items.FailNextWrite(id, UnreliableItemStore.Fault.FailAfterStoring);

        using var first = await SendAsync(client, HttpMethod.Post, "/api/platform/v1/products/inventories/batches", body, key);
        using var change = await SendAsync(client, HttpMethod.Post, "/api/platform/v1/products/inventories/batches", Batch(sku, 2, "2026-11-01T11:00:00Z"), key: null);
        using var repeat = await SendAsync(client, HttpMethod.Post, "/api/platform/v1/products/inventories/batches", body, key);

        Assert.Equal("error", (await ReadJsonAsync(first))["status"]!.GetValue<string>());
        Assert.Equal("updated", (await ReadJsonAsync(change))["results"]![0]!["message"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, repeat.StatusCode);
        var answer = await ReadJsonAsync(repeat);
        Assert.Equal(("ok", "created"), (answer["status"]!.GetValue<string>(), answer["results"]![0]!["message"]!.GetValue<string>()));
        Assert.Equal((2L, 2), await ReadItemAsync(client, id));
    }

    private static string Batch(string sku, int quantity, string at) =>
        $$"""{"inventories":[{"product_ref":"p1","sku":"{{sku}}","quantity":{{quantity}},"store_ref":"s1","at":"{{at}}"}]}""";

    private static async Task UpdateAsync(HttpClient client, string id, long revision, int quantity)
    {
        using var response = await SendAsync(client, HttpMethod.Patch, $"/stores/v3/inventory-items/{id}",
            $$$"""{"inventoryItem":{"id":"{{{id}}}","revision":"{{{revision}}}","quantity":{{{quantity}}}}}""", key: null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private static async Task<string> CreateItemAsync(HttpClient client, int quantity)
    {
        var id = Guid.NewGuid().ToString();
        using var response = await SendAsync(client, HttpMethod.Post, "/stores/v3/inventory-items", $$$"""{"inventoryItem":{"id":"{{{id}}}","variantId":"{{{id}}}","quantity":{{{quantity}}}}}""", key: null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return id;
    }

    private static async Task<(long Revision, int Quantity)> ReadItemAsync(HttpClient client, string id)
    {
        var item = (await client.GetFromJsonAsync<JsonObject>($"/stores/v3/inventory-items/{id}"))!["inventoryItem"]!;
        return (long.Parse(item["revision"]!.GetValue<string>(), CultureInfo.InvariantCulture), item["quantity"]!.GetValue<int>());
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, HttpMethod method, string path, string body, string? key)
    {
        using var request = new HttpRequestMessage(method, path) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        if (key is not null)
        {
            request.Headers.Add(KeyHeader, key);
        }

        return await client.SendAsync(request);
    }

    private static async Task<JsonObject> ReadJsonAsync(HttpResponseMessage response) =>
        JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();

    private static async Task<JsonArray> ReadJsonArrayAsync(HttpResponseMessage response) =>
        JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsArray();
}
