using InventoryGrains.Testing;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;

namespace InventoryGrains.Api.Tests.Dialects;

public sealed class WixInventoryEndpointsTests(ConfiguredKeysApiFactory factory) : IClassFixture<ConfiguredKeysApiFactory>
{
    private HttpClient Client(string key = "shop-one-secret")
    {
        return factory.CreateClient().WithApiKey(key);
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static async Task<JsonObject> CreateAsync(HttpClient client, string id, int quantity)
    {
        var response = await client.PostAsync("/stores/v3/inventory-items",
            Json($$$"""{"inventoryItem":{"id":"{{{id}}}","variantId":"v-{{{id}}}","quantity":{{{quantity}}}}}"""));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!["inventoryItem"]!.AsObject();
    }

    [Fact]
    public async Task The_seed_example_request_gets_the_seed_response_shape()
    {
        using var client = Client();
        const string first = "000c47f6-345a-49ff-8503-c1d26469206f";
        const string second = "007efef1-0d8d-4c16-b404-5ded612be19c";
        foreach (var id in new[] { first, second })
        {
            await CreateAsync(client, id, 4);
            // Bring both to revision 2, as in the seed.
            await client.PostAsync("/stores/v3/bulk/inventory-items/increment", Json($$"""{"incrementData":[{"inventoryItemId":"{{id}}","incrementBy":1}]}"""));
        }

        var response = await client.PostAsync("/stores/v3/bulk/inventory-items/update", Json("""
            {
              "inventoryItems": [
                { "inventoryItem": { "id": "000c47f6-345a-49ff-8503-c1d26469206f", "revision": "2", "quantity": 1 } },
                { "inventoryItem": { "id": "007efef1-0d8d-4c16-b404-5ded612be19c", "revision": "2", "inStock": true } }
              ],
              "returnEntity": true,
              "reason": "MANUAL"
            }
            """));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        var results = body["results"]!.AsArray();
        Assert.Equal(2, results.Count);
        for (var i = 0; i < 2; i++)
        {
            var metadata = results[i]!["itemMetadata"]!;
            Assert.Equal(i, metadata["originalIndex"]!.GetValue<int>());
            Assert.True(metadata["success"]!.GetValue<bool>());
            Assert.Equal("3", results[i]!["item"]!["revision"]!.GetValue<string>());
        }

        Assert.Equal(1, results[0]!["item"]!["quantity"]!.GetValue<int>());
        Assert.Null(results[0]!["item"]!["inStock"]);
        Assert.True(results[1]!["item"]!["inStock"]!.GetValue<bool>());
        Assert.Null(results[1]!["item"]!["quantity"]);
        Assert.Equal(2, body["bulkActionMetadata"]!["totalSuccesses"]!.GetValue<int>());
        Assert.Equal(0, body["bulkActionMetadata"]!["totalFailures"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_revision_mismatch_is_a_per_entry_failure_with_the_current_revision_and_no_entity_without_returnEntity()
    {
        using var client = Client();
        var id = Guid.NewGuid().ToString();
        await CreateAsync(client, id, 4);

        var body = await (await client.PostAsync("/stores/v3/bulk/inventory-items/update", Json($$$"""
            {"inventoryItems":[{"inventoryItem":{"id":"{{{id}}}","revision":"1","quantity":2}},{"inventoryItem":{"id":"{{{id}}}","revision":"1","quantity":3}}]}
            """))).Content.ReadFromJsonAsync<JsonObject>();

        var results = body!["results"]!.AsArray();
        Assert.Null(results[0]!["item"]);
        var error = results[1]!["itemMetadata"]!["error"]!;
        Assert.Equal("REVISION_MISMATCH", error["code"]!.GetValue<string>());
        Assert.Equal("2", error["data"]!["currentRevision"]!.GetValue<string>());
        Assert.Equal(1, body["bulkActionMetadata"]!["totalFailures"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_bulk_of_1000_entries_succeeds_and_1001_is_a_400()
    {
        using var client = Client();
        var id = Guid.NewGuid().ToString();
        await CreateAsync(client, id, 0);
        string Increments(int count) =>
            $$$"""{"incrementData":[{{{string.Join(',', Enumerable.Repeat($$"""{"inventoryItemId":"{{id}}","incrementBy":1}""", count))}}}]}""";

        var thousand = await client.PostAsync("/stores/v3/bulk/inventory-items/increment", Json(Increments(1000)));
        var tooMany = await client.PostAsync("/stores/v3/bulk/inventory-items/increment", Json(Increments(1001)));

        Assert.Equal(HttpStatusCode.OK, thousand.StatusCode);
        Assert.Equal(1000, (await thousand.Content.ReadFromJsonAsync<JsonObject>())!["bulkActionMetadata"]!["totalSuccesses"]!.GetValue<int>());
        Assert.Equal(HttpStatusCode.BadRequest, tooMany.StatusCode);
        Assert.Equal("INVALID_ARGUMENT", (await tooMany.Content.ReadFromJsonAsync<JsonObject>())!["details"]!["applicationError"]!["code"]!.GetValue<string>());
        var item = await client.GetFromJsonAsync<JsonObject>($"/stores/v3/inventory-items/{id}");
        Assert.Equal(1000, item!["inventoryItem"]!["quantity"]!.GetValue<int>());
        Assert.Equal("1001", item["inventoryItem"]!["revision"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("""{"inventoryItems":[],"reason":"MANUAL"}""")]
    [InlineData("""{"reason":"MANUAL"}""")]
    [InlineData("""{"inventoryItems":[{"inventoryItem":{"id":"a","revision":"1"}}],"reason":"SOMETIMES"}""")]
    [InlineData("""{"inventoryItems":[{"inventoryItem":{"id":"a","revision":"1","quantity":"many"}}]}""")]
    [InlineData("""{"inventoryItems":[{"inventoryItem":{"id":"a","revision":"1","quantity":2147483648}}]}""")]
    [InlineData("""{"inventoryItems":[""")]
    public async Task Whole_request_errors_are_400_in_the_wix_shape(string json)
    {
        using var client = Client();

        var response = await client.PostAsync("/stores/v3/bulk/inventory-items/update", Json(json));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal("INVALID_ARGUMENT", body["details"]!["applicationError"]!["code"]!.GetValue<string>());
        Assert.False(string.IsNullOrEmpty(body["message"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Another_tenant_can_neither_read_nor_change_an_item()
    {
        using var owner = Client("shop-one-secret");
        using var other = Client("shop-two-secret");
        var id = Guid.NewGuid().ToString();
        await CreateAsync(owner, id, 5);

        var read = await other.GetAsync($"/stores/v3/inventory-items/{id}");
        var change = await (await other.PostAsync("/stores/v3/bulk/inventory-items/decrement",
            Json($$"""{"decrementData":[{"inventoryItemId":"{{id}}","decrementBy":5}]}"""))).Content.ReadFromJsonAsync<JsonObject>();

        Assert.Equal(HttpStatusCode.NotFound, read.StatusCode);
        Assert.Equal("INVENTORY_ITEM_NOT_FOUND", change!["results"]![0]!["itemMetadata"]!["error"]!["code"]!.GetValue<string>());
        var mine = await owner.GetFromJsonAsync<JsonObject>($"/stores/v3/inventory-items/{id}");
        Assert.Equal(5, mine!["inventoryItem"]!["quantity"]!.GetValue<int>());
        Assert.Equal("1", mine["inventoryItem"]!["revision"]!.GetValue<string>());
    }

    [Fact]
    public async Task Decrement_and_increment_apply_the_grain_rules_per_entry()
    {
        using var client = Client();
        var id = Guid.NewGuid().ToString();
        await CreateAsync(client, id, 2);

        var body = await (await client.PostAsync("/stores/v3/bulk/inventory-items/decrement", Json($$"""
            {"decrementData":[{"inventoryItemId":"{{id}}","decrementBy":2},{"inventoryItemId":"{{id}}","decrementBy":1},{"decrementBy":1}],
             "restrictInventory":true,"reason":"ORDER","returnEntity":true}
            """))).Content.ReadFromJsonAsync<JsonObject>();

        var results = body!["results"]!.AsArray();
        Assert.Equal(0, results[0]!["item"]!["quantity"]!.GetValue<int>());
        Assert.Equal("OUT_OF_STOCK", results[0]!["item"]!["availabilityStatus"]!.GetValue<string>());
        Assert.Equal("INSUFFICIENT_INVENTORY", results[1]!["itemMetadata"]!["error"]!["code"]!.GetValue<string>());
        Assert.Equal("INVALID_ARGUMENT", results[2]!["itemMetadata"]!["error"]!["code"]!.GetValue<string>());
        Assert.Equal(2, results[2]!["itemMetadata"]!["originalIndex"]!.GetValue<int>());
    }
}
