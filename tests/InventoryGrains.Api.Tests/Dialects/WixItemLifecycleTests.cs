using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using InventoryGrains.Testing;

namespace InventoryGrains.Api.Tests.Dialects;

/// <summary>Update, delete, upsert and the by-variant-and-location routes of the Wix dialect, on the wire.</summary>
public sealed class WixItemLifecycleTests(ConfiguredKeysApiFactory factory) : IClassFixture<ConfiguredKeysApiFactory>
{
    private HttpClient Client(string key = "shop-one-secret") => factory.CreateClient().WithApiKey(key);

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static async Task<JsonObject> BodyAsync(HttpResponseMessage response) => (await response.Content.ReadFromJsonAsync<JsonObject>())!;

    private static async Task<(string Id, string Variant)> CreateAsync(HttpClient client, int quantity = 5, string? location = null)
    {
        var variant = Guid.NewGuid().ToString();
        var locationJson = location is null ? "" : $$""","locationId":"{{location}}" """;
        using var response = await client.PostAsync("/stores/v3/inventory-items", Json($$$"""{"inventoryItem":{"variantId":"{{{variant}}}","quantity":{{{quantity}}}{{{locationJson}}}}}"""));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return ((await BodyAsync(response))["inventoryItem"]!["id"]!.GetValue<string>(), variant);
    }

    private static string Code(JsonNode body) => body["details"]!["applicationError"]!["code"]!.GetValue<string>();

    private static string EntryCode(JsonObject bulk, int index) => bulk["results"]![index]!["itemMetadata"]!["error"]!["code"]!.GetValue<string>();

    [Fact]
    public async Task A_patch_changes_the_given_fields_and_answers_the_item()
    {
        using var client = Client();
        var (id, _) = await CreateAsync(client);

        using var response = await client.PatchAsync($"/stores/v3/inventory-items/{id}", Json($$"""{"inventoryItem":{"id":"{{id}}","revision":1,"quantity":2},"reason":"ORDER"}"""));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var item = (await BodyAsync(response))["inventoryItem"]!;
        Assert.Equal("2", item["revision"]!.GetValue<string>());
        Assert.Equal(2, item["quantity"]!.GetValue<int>());
    }

    [Theory]
    [InlineData("""{"inventoryItem":{"quantity":2}}""", "revision")]
    [InlineData("""{"inventoryItem":{"id":"another","revision":"1","quantity":2}}""", "path")]
    [InlineData("""{"inventoryItem":{"revision":"1"},"reason":"SYNC"}""", "reason")]
    [InlineData("""{}""", "inventoryItem")]
    public async Task A_patch_without_a_revision_with_another_id_or_a_bad_reason_is_400_and_changes_nothing(string body, string named)
    {
        using var client = Client();
        var (id, _) = await CreateAsync(client);

        using var response = await client.PatchAsync($"/stores/v3/inventory-items/{id}", Json(body));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = await BodyAsync(response);
        Assert.Equal("INVALID_ARGUMENT", Code(error));
        Assert.Contains(named, error["message"]!.GetValue<string>(), StringComparison.Ordinal);
        var item = await client.GetFromJsonAsync<JsonObject>($"/stores/v3/inventory-items/{id}");
        Assert.Equal("1", item!["inventoryItem"]!["revision"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_delete_answers_an_empty_object_then_the_item_is_404_and_another_tenant_cannot_delete_it()
    {
        using var owner = Client();
        using var stranger = Client("shop-two-secret");
        var (id, _) = await CreateAsync(owner);

        using var foreign = await stranger.DeleteAsync($"/stores/v3/inventory-items/{id}?inventoryItemId={id}");
        using var deleted = await owner.DeleteAsync($"/stores/v3/inventory-items/{id}?inventoryItemId={id}");
        using var read = await owner.GetAsync($"/stores/v3/inventory-items/{id}");

        Assert.Equal(HttpStatusCode.NotFound, foreign.StatusCode);
        Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        Assert.Equal("{}", await deleted.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, read.StatusCode);
    }

    [Fact]
    public async Task A_second_item_of_a_variant_at_a_location_is_409_item_already_exists_in_one_and_per_entry_in_bulk()
    {
        using var client = Client();
        var (_, variant) = await CreateAsync(client, location: "shop-floor");

        using var single = await client.PostAsync("/stores/v3/inventory-items", Json($$$"""{"inventoryItem":{"variantId":"{{{variant}}}","locationId":"shop-floor","quantity":1}}"""));
        using var bulk = await client.PostAsync("/stores/v3/bulk/inventory-items/create",
            Json($$"""{"inventoryItems":[{"variantId":"{{variant}}","locationId":"shop-floor","quantity":1},{"variantId":"{{variant}}","locationId":"back-room","quantity":1}]}"""));

        Assert.Equal(HttpStatusCode.Conflict, single.StatusCode);
        Assert.Equal("ITEM_ALREADY_EXISTS", Code(await BodyAsync(single)));
        var results = await BodyAsync(bulk);
        Assert.Equal("ITEM_ALREADY_EXISTS", EntryCode(results, 0));
        Assert.True(results["results"]![1]!["itemMetadata"]!["success"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Bulk_delete_and_upsert_entries_with_a_bad_shape_fail_alone()
    {
        using var client = Client();
        var (id, _) = await CreateAsync(client);

        using var delete = await client.PostAsync("/stores/v3/bulk/inventory-items/delete", Json($$"""{"inventoryItemIds":["{{id}}",""]}"""));
        using var upsert = await client.PostAsync("/stores/v3/bulk/inventory-items/upsert",
            Json("""{"inventoryItems":[{"inventoryItem":{"quantity":1}},{"inventoryItem":{"variantId":"fresh-variant","quantity":6}}],"returnEntity":true}"""));

        var deleted = await BodyAsync(delete);
        Assert.True(deleted["results"]![0]!["itemMetadata"]!["success"]!.GetValue<bool>());
        Assert.Equal("INVALID_ARGUMENT", EntryCode(deleted, 1));
        var upserted = await BodyAsync(upsert);
        Assert.Equal("INVALID_ARGUMENT", EntryCode(upserted, 0));
        Assert.Equal(6, upserted["results"]![1]!["item"]!["quantity"]!.GetValue<int>());
        Assert.Equal("default", upserted["results"]![1]!["item"]!["locationId"]!.GetValue<string>());
    }

    [Fact]
    public async Task By_variant_and_location_a_missing_item_is_not_found_and_an_untracked_one_is_not_tracked()
    {
        using var client = Client();
        var untracked = Guid.NewGuid().ToString();
        using var create = await client.PostAsync("/stores/v3/inventory-items", Json($$$"""{"inventoryItem":{"variantId":"{{{untracked}}}","inStock":true}}"""));
        Assert.Equal(HttpStatusCode.OK, create.StatusCode);

        using var response = await client.PostAsync("/stores/v3/bulk/inventory-items/decrement-by-variant-and-location",
            Json($$"""{"decrementData":[{"variantId":"no-such-variant","decrementBy":1},{"variantId":"{{untracked}}","decrementBy":1},{"decrementBy":1}]}"""));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await BodyAsync(response);
        Assert.Equal("NOT_FOUND", EntryCode(body, 0));
        Assert.Equal("INVENTORY_QUANTITY_NOT_TRACKED", EntryCode(body, 1));
        Assert.Equal("INVALID_ARGUMENT", EntryCode(body, 2));
        Assert.Equal(3, body["bulkActionMetadata"]!["totalFailures"]!.GetValue<int>());
    }
}
