using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using InventoryGrains.Testing;

namespace InventoryGrains.Api.Tests.Dialects;

/// <summary>The Wix by-filter methods: a job id at once, then a job that changes exactly the items selected.</summary>
public sealed class WixFilterJobTests(ConfiguredKeysApiFactory factory) : IClassFixture<ConfiguredKeysApiFactory>
{
    private HttpClient Client(string key = "shop-one-secret") => factory.CreateClient().WithApiKey(key);

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    /// <summary>Items of a new product: quantities as given (null: untracked, in stock); their ids in order.</summary>
    private static async Task<(string Product, List<string> Ids)> CreateAsync(HttpClient client, params int?[] quantities)
    {
        var product = $"p-{Guid.NewGuid():N}";
        var items = string.Join(',', quantities.Select((quantity, i) =>
            $$$"""{"variantId":"{{{product}}}-{{{i}}}","productId":"{{{product}}}",{{{(quantity is { } q ? $"\"quantity\":{q}" : "\"inStock\":true")}}}}"""));
        using var response = await client.PostAsync("/stores/v3/bulk/inventory-items/create", Json($$$"""{"inventoryItems":[{{{items}}}],"returnEntity":true}"""));
        var body = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        return (product, [.. body["results"]!.AsArray().Select(r => r!["item"]!["id"]!.GetValue<string>())]);
    }

    private static async Task<JsonObject> FinishedJobAsync(HttpClient client, HttpResponseMessage started)
    {
        Assert.Equal(HttpStatusCode.OK, started.StatusCode);
        var jobId = (await started.Content.ReadFromJsonAsync<JsonObject>())!["jobId"]!.GetValue<string>();
        return await Eventually.ReturnsAsync(
            async () => (await client.GetFromJsonAsync<JsonObject>($"/v1/inventory-item-jobs/{jobId}"))!,
            job => job["state"]!.GetValue<string>() == "COMPLETED", TimeSpan.FromSeconds(30), $"job {jobId} to complete");
    }

    private static async Task<JsonNode?> ItemAsync(HttpClient client, string id)
    {
        using var response = await client.GetAsync($"/stores/v3/inventory-items/{id}");
        return response.StatusCode == HttpStatusCode.NotFound ? null : (await response.Content.ReadFromJsonAsync<JsonObject>())!["inventoryItem"];
    }

    [Fact]
    public async Task Adjust_by_filter_changes_the_selected_items_only_and_counts_each_outcome()
    {
        using var client = Client();
        var (product, ids) = await CreateAsync(client, 1, 5, 9, null);

        using var started = await client.PostAsync("/stores/v3/bulk/inventory-items/adjust-by-filter",
            Json($$$"""{"filter":{"productId":"{{{product}}}","$or":[{"quantity":{"$lt":6}},{"trackQuantity":false}]},"adjustment":{"decrementBy":3}}"""));
        var job = await FinishedJobAsync(client, started);

        Assert.Equal(3, job["processed"]!.GetValue<long>());
        Assert.Equal(1, job["succeeded"]!.GetValue<long>());
        Assert.Equal(1, job["failuresByCode"]!["INSUFFICIENT_INVENTORY"]!.GetValue<long>());
        Assert.Equal(1, job["failuresByCode"]!["TRACK_QUANTITY_DISABLED"]!.GetValue<long>());
        Assert.Equal(1, (await ItemAsync(client, ids[0]))!["quantity"]!.GetValue<int>());
        Assert.Equal(2, (await ItemAsync(client, ids[1]))!["quantity"]!.GetValue<int>());
        Assert.Equal(9, (await ItemAsync(client, ids[2]))!["quantity"]!.GetValue<int>());
    }

    [Fact]
    public async Task Set_or_adjust_makes_untracked_items_tracked_and_update_and_delete_by_filter_reach_every_selected_item()
    {
        using var client = Client();
        var (product, ids) = await CreateAsync(client, 4, null);
        var (other, otherIds) = await CreateAsync(client, 7);

        await FinishedJobAsync(client, await client.PostAsync("/stores/v3/bulk/inventory-items/set-or-adjust-by-filter",
            Json($$$"""{"filter":{"productId":"{{{product}}}"},"adjustedInventoryAction":{"incrementBy":6}}""")));
        Assert.Equal(10, (await ItemAsync(client, ids[0]))!["quantity"]!.GetValue<int>());
        Assert.Equal(6, (await ItemAsync(client, ids[1]))!["quantity"]!.GetValue<int>());

        var updated = await FinishedJobAsync(client, await client.PostAsync("/stores/v3/bulk/inventory-items/update-by-filter",
            Json($$$"""{"filter":{"productId":"{{{product}}}"},"inventoryItem":{"inStock":false}}""")));
        Assert.Equal(2, updated["succeeded"]!.GetValue<long>());
        Assert.All(ids, id => Assert.False(ItemAsync(client, id).Result!["inStock"]!.GetValue<bool>()));

        await FinishedJobAsync(client, await client.PostAsync("/stores/v3/bulk/inventory-items/delete-by-filter", Json($$$"""{"filter":{"productId":"{{{product}}}"}}""")));
        Assert.All(ids, id => Assert.Null(ItemAsync(client, id).Result));
        Assert.NotNull(await ItemAsync(client, otherIds[0]));
    }

    [Fact]
    public async Task Create_by_variant_filter_stocks_each_selected_variant_at_the_location_once()
    {
        using var client = Client();
        var (product, _) = await CreateAsync(client, 1, 2);
        var location = $"loc-{Guid.NewGuid():N}";

        var job = await FinishedJobAsync(client, await client.PostAsync("/stores/v3/bulk/inventory-items/create-by-variant-filter",
            Json($$$"""{"filter":{"productData.productId":"{{{product}}}"},"locationId":"{{{location}}}","inventoryCreationData":{"quantity":3}}""")));
        var again = await FinishedJobAsync(client, await client.PostAsync("/stores/v3/bulk/inventory-items/create-by-variant-filter",
            Json($$$"""{"filter":{"$or":[{"productData.productId":"{{{product}}}"},{"id":"no-such-variant"}]},"locationId":"{{{location}}}","inventoryCreationData":{"quantity":3}}""")));

        Assert.Equal(2, job["succeeded"]!.GetValue<long>());
        Assert.Equal(2, again["failed"]!.GetValue<long>());
        Assert.Equal(2, again["failuresByCode"]!["ITEM_ALREADY_EXISTS"]!.GetValue<long>());
        using var count = await client.PostAsync("/stores/v3/inventory-items/count", Json($$$"""{"filter":{"productId":"{{{product}}}","locationId":"{{{location}}}","quantity":3}}"""));
        Assert.Equal(2, (await count.Content.ReadFromJsonAsync<JsonObject>())!["count"]!.GetValue<long>());
    }

    [Theory]
    [InlineData("adjust-by-filter", """{"adjustment":{"incrementBy":1}}""", "filter")]
    [InlineData("adjust-by-filter", """{"filter":{},"adjustment":{"incrementBy":1,"decrementBy":1}}""", "adjustment")]
    [InlineData("update-by-filter", """{"filter":{"product.name":"x"},"inventoryItem":{"inStock":true}}""", "filter.product.name")]
    [InlineData("delete-by-filter", """{"filter":{},"search":{"expression":"red"}}""", "search.expression")]
    [InlineData("create-by-variant-filter", """{"filter":{},"inventoryCreationData":{"quantity":1}}""", "locationId")]
    [InlineData("create-by-variant-filter", """{"filter":{"productData.productId":"p","visible":true},"locationId":"l","inventoryCreationData":{"quantity":1}}""", "filter.visible")]
    [InlineData("create-by-variant-filter", """{"filter":{"$and":[{"productId":"p"}]},"locationId":"l","inventoryCreationData":{"quantity":1}}""", "filter.$and[0].productId")]
    public async Task A_request_that_cannot_be_read_is_400_naming_the_field_and_starts_nothing(string method, string body, string field)
    {
        using var client = Client();

        using var response = await client.PostAsync($"/stores/v3/bulk/inventory-items/{method}", Json(body));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal("INVALID_ARGUMENT", error["details"]!["applicationError"]!["code"]!.GetValue<string>());
        Assert.Equal(field, error["details"]!["applicationError"]!["data"]!["field"]!.GetValue<string>());
    }

    [Fact]
    public async Task Another_tenant_cannot_see_a_job()
    {
        using var owner = Client();
        using var stranger = Client("shop-two-secret");
        using var started = await owner.PostAsync("/stores/v3/bulk/inventory-items/delete-by-filter", Json("""{"filter":{"productId":"nothing-of-this"}}"""));
        var jobId = (await started.Content.ReadFromJsonAsync<JsonObject>())!["jobId"]!.GetValue<string>();

        using var foreign = await stranger.GetAsync($"/v1/inventory-item-jobs/{jobId}");

        Assert.Equal(HttpStatusCode.NotFound, foreign.StatusCode);
    }
}
