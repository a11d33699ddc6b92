using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using InventoryGrains.Abstractions.Idempotency;
using InventoryGrains.Domain.Operations;
using InventoryGrains.Testing;

namespace InventoryGrains.Api.Tests;

/// <summary>
/// Retries with an <c>Idempotency-Key</c>: a repeat is answered as the first request was and applies
/// nothing twice; an entry whose first answer was unknown is applied on the repeat only if it was
/// not applied then; a key reused for another request, or repeated while its first request runs,
/// is refused in the dialect's shape.
/// </summary>
public sealed class IdempotencyTests(IdempotencyApiFactory factory) : IClassFixture<IdempotencyApiFactory>
{
    private const string KeyHeader = "Idempotency-Key";

    private HttpClient Client() => factory.CreateClient().WithApiKey(IdempotencyApiFactory.Key);

    private static string NewKey() => $"key-{Guid.NewGuid():N}";

    [Fact]
    public async Task A_repeat_with_the_same_key_gets_the_first_answer_and_applies_nothing_twice()
    {
        using var client = Client();
        var id = await CreateItemAsync(client, 10);
        var key = NewKey();
        var body = Decrements((id, 3));

        using var first = await PostAsync(client, "/stores/v3/bulk/inventory-items/decrement", body, key);
        using var repeat = await PostAsync(client, "/stores/v3/bulk/inventory-items/decrement", body, key);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.False(first.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal(HttpStatusCode.OK, repeat.StatusCode);
        Assert.Equal("true", Assert.Single(repeat.Headers.GetValues("Idempotent-Replayed")));
        Assert.Equal(await first.Content.ReadAsStringAsync(), await repeat.Content.ReadAsStringAsync());
        Assert.Equal((2L, 7), await ReadItemAsync(client, id));
    }

    [Fact]
    public async Task An_entry_applied_under_an_unknown_answer_is_not_applied_again_and_one_never_applied_is_applied_now()
    {
        using var client = Client();
        var (stored, lost, fine) = (await CreateItemAsync(client, 10), await CreateItemAsync(client, 10), await CreateItemAsync(client, 10));
        factory.Items.FailNextWrite(stored, UnreliableItemStore.Fault.FailAfterStoring);
        factory.Items.FailNextWrite(lost, UnreliableItemStore.Fault.FailBeforeStoring);
        var key = NewKey();
        var body = Decrements((stored, 1), (lost, 1), (fine, 1));

        var first = await ReadJsonAsync(await PostAsync(client, "/stores/v3/bulk/inventory-items/decrement", body, key));
        Assert.Equal(["UNAVAILABLE", "UNAVAILABLE", ""], Codes(first));

        using var repeatResponse = await PostAsync(client, "/stores/v3/bulk/inventory-items/decrement", body, key);
        var repeat = await ReadJsonAsync(repeatResponse);

        Assert.Equal("true", Assert.Single(repeatResponse.Headers.GetValues("Idempotent-Replayed")));
        Assert.Equal(["", "", ""], Codes(repeat));
        foreach (var id in new[] { stored, lost, fine })
        {
            // Each decremented exactly once, whatever its first answer was.
            Assert.Equal((2L, 9), await ReadItemAsync(client, id));
        }
    }

    [Fact]
    public async Task While_the_key_store_is_away_a_request_still_runs_with_its_operation_ids_and_a_repeat_applies_nothing_twice()
    {
        using var client = Client();
        var id = await CreateItemAsync(client, 10);
        var key = NewKey();
        var body = Decrements((id, 1));

        factory.Keys.Away = true;
        HttpResponseMessage first;
        try
        {
            first = await PostAsync(client, "/stores/v3/bulk/inventory-items/decrement", body, key);
        }
        finally
        {
            factory.Keys.Away = false;
        }

        using var repeat = await PostAsync(client, "/stores/v3/bulk/inventory-items/decrement", body, key);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal([""], Codes(await ReadJsonAsync(first)));
        Assert.Equal(HttpStatusCode.OK, repeat.StatusCode);
        Assert.Equal([""], Codes(await ReadJsonAsync(repeat)));
        Assert.Equal((2L, 9), await ReadItemAsync(client, id));
        first.Dispose();
    }

    [Fact]
    public async Task An_idempotent_create_whose_answer_was_lost_creates_one_item_and_answers_with_it_on_the_repeat()
    {
        using var client = Client();
        var key = NewKey();
        var expectedId = OperationIds.CreatedIdOf("shop-1", OperationIds.OfEntry(key, 0));
        factory.Items.FailNextWrite(expectedId, UnreliableItemStore.Fault.FailAfterStoring);
        const string body = """{"inventoryItems":[{"variantId":"v-create","quantity":4}],"returnEntity":true}""";

        var first = await ReadJsonAsync(await PostAsync(client, "/stores/v3/bulk/inventory-items/create", body, key));
        var repeat = await ReadJsonAsync(await PostAsync(client, "/stores/v3/bulk/inventory-items/create", body, key));

        Assert.Equal("UNAVAILABLE", Codes(first)[0]);
        var result = repeat["results"]![0]!;
        Assert.True(result["itemMetadata"]!["success"]!.GetValue<bool>());
        Assert.Equal(expectedId, result["itemMetadata"]!["id"]!.GetValue<string>());
        Assert.Equal((1L, 4), await ReadItemAsync(client, expectedId));
    }

    [Fact]
    public async Task A_crux_sku_created_under_an_unknown_answer_is_one_sku_on_the_repeat()
    {
        using var client = Client();
        var key = NewKey();
        var sku = $"sku-{Guid.NewGuid():N}";
        factory.Items.FailNextWrite(OperationIds.CreatedIdOf("shop-1", OperationIds.OfEntry(key, 0)), UnreliableItemStore.Fault.FailAfterStoring);
        var body = $$"""[{"sku_id":"{{sku}}","quantity_in_stock":5}]""";

        var first = JsonNode.Parse(await (await PostAsync(client, "/timp/products/skus/", body, key)).Content.ReadAsStringAsync())!;
        var repeat = JsonNode.Parse(await (await PostAsync(client, "/timp/products/skus/", body, key)).Content.ReadAsStringAsync())!;

        Assert.Equal(503, first[0]!["status_code"]!.GetValue<int>());
        Assert.Equal(201, repeat[0]!["status_code"]!.GetValue<int>());
        var itemId = repeat[0]!["inventory_item_id"]!.GetValue<string>();
        Assert.Equal((1L, 5), await ReadItemAsync(client, itemId));

        // The SKU names one item: creating it again without the key is a duplicate.
        var again = JsonNode.Parse(await (await PostAsync(client, "/timp/products/skus/", body, key: null)).Content.ReadAsStringAsync())!;
        Assert.Equal(409, again[0]!["status_code"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_repeated_bspk_batch_is_one_application_per_entry_and_no_warning()
    {
        using var client = Client();
        var key = NewKey();
        var sku = $"sku-{Guid.NewGuid():N}";
        var body = $$"""{"inventories":[{"product_ref":"p1","sku":"{{sku}}","quantity":5,"store_ref":"s1","at":"2026-11-01T10:00:00Z"},{"product_ref":"p1","sku":"{{sku}}","quantity":3,"store_ref":"s1","at":"2026-11-01T11:00:00Z"}]}""";

        using var firstResponse = await PostAsync(client, "/api/platform/v1/products/inventories/batches", body, key);
        using var repeatResponse = await PostAsync(client, "/api/platform/v1/products/inventories/batches", body, key);
        var repeat = await ReadJsonAsync(repeatResponse);

        Assert.Equal("ok", repeat["status"]!.GetValue<string>());
        Assert.Equal(["created", "updated"], repeat["results"]!.AsArray().Select(r => r!["message"]!.GetValue<string>()));
        Assert.Equal(await firstResponse.Content.ReadAsStringAsync(), await repeatResponse.Content.ReadAsStringAsync());

        // Run again with a new key, the same records are stale: the repeat above was not a new application.
        var fresh = await ReadJsonAsync(await PostAsync(client, "/api/platform/v1/products/inventories/batches", body, NewKey()));
        Assert.Equal("warning", fresh["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_repeated_policy_toggle_answers_with_the_same_job_and_queues_nothing_new()
    {
        using var client = Client();
        var plan = await ReadJsonAsync(await PostAsync(client, "/api/v1/external/preorders", """{"selling_plan":{"name":"toggle"}}""", key: null));
        var planId = plan["id"]!.GetValue<string>();
        await PostAsync(client, $"/api/v1/external/preorders/{planId}/variants", """{"shopify_variant_ids":[7001,7002]}""", key: null);
        var key = NewKey();
        const string body = """{"shopify_variant_ids":[7001,7002],"inventory_policy":"CONTINUE"}""";

        var first = await ReadJsonAsync(await PostAsync(client, $"/api/v1/external/preorders/{planId}/bulk_toggle_inventory_policy", body, key));
        using var repeatResponse = await PostAsync(client, $"/api/v1/external/preorders/{planId}/bulk_toggle_inventory_policy", body, key);
        var repeat = await ReadJsonAsync(repeatResponse);

        Assert.Equal(first["job_id"]!.GetValue<string>(), repeat["job_id"]!.GetValue<string>());
        Assert.Equal("true", Assert.Single(repeatResponse.Headers.GetValues("Idempotent-Replayed")));
    }

    [Fact]
    public async Task A_repeated_idempotent_plan_creation_is_one_plan()
    {
        using var client = Client();
        var key = NewKey();
        const string body = """{"selling_plan":{"name":"once"}}""";

        using var first = await PostAsync(client, "/api/v1/external/preorders", body, key);
        using var repeat = await PostAsync(client, "/api/v1/external/preorders", body, key);

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, repeat.StatusCode);
        Assert.Equal((await ReadJsonAsync(first))["id"]!.GetValue<string>(), (await ReadJsonAsync(repeat))["id"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("/stores/v3/bulk/inventory-items/increment", """{"incrementData":[{"inventoryItemId":"x","incrementBy":1}]}""", """{"incrementData":[{"inventoryItemId":"x","incrementBy":2}]}""")]
    [InlineData("/api/v1/external/preorders", """{"selling_plan":{"name":"a"}}""", """{"selling_plan":{"name":"b"}}""")]
    [InlineData("/timp/products/skus/inventory/bulk/", """[{"sku_id":"a","quantity_in_stock":1}]""", """[{"sku_id":"a","quantity_in_stock":2}]""")]
    [InlineData("/api/platform/v1/products/inventories/batches", """{"inventories":[{"product_ref":"p","sku":"a","quantity":1,"store_ref":"s","at":"2026-01-01T00:00:00Z"}]}""", """{"inventories":[{"product_ref":"p","sku":"a","quantity":2,"store_ref":"s","at":"2026-01-01T00:00:00Z"}]}""")]
    public async Task The_same_key_for_another_request_is_422_in_the_dialects_shape(string path, string body, string otherBody)
    {
        using var client = Client();
        var key = NewKey();
        await PostAsync(client, path, body, key);

        using var reused = await PostAsync(client, path, otherBody, key);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, reused.StatusCode);
        AssertReusedShape(path, await ReadJsonAsync(reused));
    }

    [Fact]
    public async Task A_repeat_while_the_first_request_is_still_running_is_409_and_the_first_completes()
    {
        using var client = Client();
        var id = await CreateItemAsync(client, 10);
        var release = new TaskCompletionSource();
        factory.Items.Gates[id] = release.Task;
        var key = NewKey();
        var body = Decrements((id, 1));
        try
        {
            var first = PostAsync(client, "/stores/v3/bulk/inventory-items/decrement", body, key);
            await factory.Items.WaitingAt(id).WaitAsync(TimeSpan.FromSeconds(30));

            using var meanwhile = await PostAsync(client, "/stores/v3/bulk/inventory-items/decrement", body, key);

            Assert.Equal(HttpStatusCode.Conflict, meanwhile.StatusCode);
            Assert.Equal("IDEMPOTENCY_KEY_IN_USE", (await ReadJsonAsync(meanwhile))["details"]!["applicationError"]!["code"]!.GetValue<string>());
            release.SetResult();
            Assert.Equal(HttpStatusCode.OK, (await first).StatusCode);
        }
        finally
        {
            factory.Items.Gates.TryRemove(id, out _);
            release.TrySetResult();
        }

        Assert.Equal((2L, 9), await ReadItemAsync(client, id));
    }

    [Theory]
    [InlineData("with space")]
    [InlineData("naïve")]
    [InlineData(null)]
    public async Task A_key_that_is_not_1_to_255_visible_ascii_characters_is_400(string? key)
    {
        using var client = Client();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/stores/v3/bulk/inventory-items/increment")
        {
            Content = new StringContent("""{"incrementData":[{"inventoryItemId":"x","incrementBy":1}]}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.TryAddWithoutValidation(KeyHeader, key ?? new string('k', 256));

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("INVALID_ARGUMENT", (await ReadJsonAsync(response))["details"]!["applicationError"]!["code"]!.GetValue<string>());
    }

    /// <summary>Asserts the 422 is the dialect's shape of IDEMPOTENCY_KEY_REUSED.</summary>
    private static void AssertReusedShape(string path, JsonObject error)
    {
        if (path.StartsWith("/stores", StringComparison.Ordinal))
        {
            Assert.Equal("IDEMPOTENCY_KEY_REUSED", error["details"]!["applicationError"]!["code"]!.GetValue<string>());
        }
        else if (path.StartsWith("/api/v1/external", StringComparison.Ordinal))
        {
            Assert.Contains("different request", Assert.Single(error["errors"]!["idempotency_key"]!.AsArray())!.GetValue<string>(), StringComparison.Ordinal);
        }
        else if (path.StartsWith("/timp", StringComparison.Ordinal))
        {
            Assert.Contains("different request", error["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        }
        else
        {
            Assert.Equal("idempotency_key_reused", error["errors"]![0]!["code"]!.GetValue<string>());
        }
    }

    private static string Decrements(params (string Id, int By)[] entries) =>
        new JsonObject
        {
            ["decrementData"] = new JsonArray([.. entries.Select(e => (JsonNode)new JsonObject { ["inventoryItemId"] = e.Id, ["decrementBy"] = e.By })]),
        }.ToJsonString();

    /// <summary>Each result's error code, "" for a success.</summary>
    private static string[] Codes(JsonObject bulk) =>
        [.. bulk["results"]!.AsArray().Select(r => r!["itemMetadata"]!["error"]?["code"]?.GetValue<string>() ?? "")];

    private static async Task<string> CreateItemAsync(HttpClient client, int quantity)
    {
        var id = Guid.NewGuid().ToString();
        using var response = await PostAsync(client, "/stores/v3/inventory-items", $$$"""{"inventoryItem":{"id":"{{{id}}}","variantId":"{{{id}}}","quantity":{{{quantity}}}}}""", key: null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return id;
    }

    private static async Task<(long Revision, int Quantity)> ReadItemAsync(HttpClient client, string id)
    {
        var item = (await client.GetFromJsonAsync<JsonObject>($"/stores/v3/inventory-items/{id}"))!["inventoryItem"]!;
        return (long.Parse(item["revision"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture), item["quantity"]!.GetValue<int>());
    }

    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, string path, string body, string? key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        if (key is not null)
        {
            request.Headers.Add(KeyHeader, key);
        }

        return await client.SendAsync(request);
    }

    private static async Task<JsonObject> ReadJsonAsync(HttpResponseMessage response) =>
        JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
}
