using InventoryGrains.Testing;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;

namespace InventoryGrains.Api.Tests.Dialects;

public sealed class CruxSkuEndpointsTests(ConfiguredKeysApiFactory factory) : IClassFixture<ConfiguredKeysApiFactory>
{
    private HttpClient Client(string key = "shop-one-secret")
    {
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Add("Authorization", $"Token {key}");
        return client;
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static async Task<JsonArray> PostArrayAsync(HttpClient client, string path, string body)
    {
        var response = await client.PostAsync(path, Json(body));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonArray>())!;
    }

    private static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid():N}";

    [Fact]
    public async Task The_seed_example_gets_the_seed_response()
    {
        using var client = Client();
        var created = await PostArrayAsync(client, "/timp/products/skus/", """[{"sku_id":"xkuOwSQ3utl"},{"sku_id":"2mNh6Gvwgl7LjmZj"}]""");
        Assert.All(created, c => Assert.Equal(201, c!["status_code"]!.GetValue<int>()));

        var response = await PostArrayAsync(client, "/timp/products/skus/inventory/bulk/", """
            [
              { "sku_id": "xkuOwSQ3utl", "quantity_in_stock": 512 },
              { "sku_id": "2mNh6Gvwgl7LjmZj", "quantity_in_stock": 101, "quantity_on_backorder": 12 },
              { "sku_id": "NON-EXISTENT", "quantity_in_stock": 13 }
            ]
            """);

        var expected = JsonNode.Parse("""
            [
              { "status_code": 200, "message": "success" },
              { "status_code": 200, "message": "success" },
              { "status_code": 404, "message": "No sku found with sku identifier: {'sku_id': 'NON-EXISTENT'}; Valid identifiers: sku_id, upca, ean13, gtin14, isbn" }
            ]
            """);
        Assert.True(JsonNode.DeepEquals(expected, response), response.ToJsonString());

        var wix = factory.CreateClient().WithApiKey("shop-one-secret");
        var item = (await wix.GetFromJsonAsync<JsonObject>($"/stores/v3/inventory-items/{created[1]!["inventory_item_id"]}"))!["inventoryItem"]!;
        Assert.Equal(101, item["quantity"]!.GetValue<int>());
        Assert.Equal("2", item["revision"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_sku_created_with_its_gtin_is_updated_through_every_spelling_of_it()
    {
        using var client = Client();
        var sku = Unique("gtin");
        var created = await PostArrayAsync(client, "/timp/products/skus/", $$"""[{"sku_id":"{{sku}}","upca":"036000291452","quantity_in_stock":1}]""");
        Assert.Equal(201, created[0]!["status_code"]!.GetValue<int>());

        var updated = await PostArrayAsync(client, "/timp/products/skus/inventory/bulk/", $$"""
            [{"upca":"036000291452","quantity_in_stock":2},{"ean13":"0036000291452","quantity_in_stock":3},
             {"gtin14":"00036000291452","quantity_in_stock":4},{"sku_id":"{{sku}}","gtin14":"00036000291452","quantity_in_stock":5}]
            """);

        Assert.All(updated, u => Assert.Equal(200, u!["status_code"]!.GetValue<int>()));
    }

    [Fact]
    public async Task Unknown_skus_name_every_identifier_given_in_the_404_message()
    {
        using var client = Client();
        var response = await PostArrayAsync(client, "/timp/products/skus/inventory/bulk/", """[{"upca":"012345678905","sku_id":"it's-missing","quantity_in_stock":1}]""");

        Assert.Equal(404, response[0]!["status_code"]!.GetValue<int>());
        Assert.Equal(
            "No sku found with sku identifier: {'upca': '012345678905', 'sku_id': \"it's-missing\"}; Valid identifiers: sku_id, upca, ean13, gtin14, isbn",
            response[0]!["message"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("""{"upca":"012345678906","quantity_in_stock":1}""", "upca")]
    [InlineData("""{"isbn":"0306406153","quantity_in_stock":1}""", "isbn")]
    [InlineData("""{"sku_id":12,"quantity_in_stock":1}""", "sku_id")]
    [InlineData("""{"quantity_in_stock":1}""", "identifier")]
    [InlineData("""{"sku_id":"SKU","quantity_in_stock":-1}""", "quantity_in_stock")]
    [InlineData("""{"sku_id":"SKU","quantity_in_stock":"7"}""", "quantity_in_stock")]
    [InlineData("""{"sku_id":"SKU","quantity_in_stock":1.5}""", "quantity_in_stock")]
    [InlineData("""{"sku_id":"SKU","quantity_in_stock":3000000000}""", "quantity_in_stock")]
    [InlineData("""{"sku_id":"SKU","quantity_on_backorder":-2}""", "quantity_on_backorder")]
    [InlineData("""{"sku_id":"SKU","restrictions":"gone"}""", "restrictions")]
    [InlineData("""{"sku_id":"SKU"}""", "quantity_in_stock")]
    [InlineData("""[1]""", "object")]
    public async Task An_invalid_element_is_400_naming_the_field_and_the_others_still_apply(string element, string field)
    {
        using var client = Client();
        var sku = Unique("ok");
        await PostArrayAsync(client, "/timp/products/skus/", $$"""[{"sku_id":"{{sku}}"}]""");

        var response = await PostArrayAsync(client, "/timp/products/skus/inventory/bulk/", $$"""[{{element}},{"sku_id":"{{sku}}","quantity_in_stock":9}]""");

        Assert.Equal(400, response[0]!["status_code"]!.GetValue<int>());
        Assert.Contains(field, response[0]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(200, response[1]!["status_code"]!.GetValue<int>());
    }

    [Fact]
    public async Task Restrictions_are_set_and_cleared_and_a_taken_identifier_is_409()
    {
        using var client = Client();
        var sku = Unique("restricted");
        var created = await PostArrayAsync(client, "/timp/products/skus/", $$"""[{"sku_id":"{{sku}}","restrictions":"tmpunavail"},{"sku_id":"{{sku}}"}]""");
        Assert.Equal(201, created[0]!["status_code"]!.GetValue<int>());
        Assert.Equal(409, created[1]!["status_code"]!.GetValue<int>());

        var cleared = await PostArrayAsync(client, "/timp/products/skus/inventory/bulk/", $$"""[{"sku_id":"{{sku}}","restrictions":null}]""");
        Assert.Equal(200, cleared[0]!["status_code"]!.GetValue<int>());

        var lowered = await PostArrayAsync(client, "/timp/products/skus/inventory/bulk/", $$"""[{"sku_id":"{{sku}}","quantity_in_stock":5},{"sku_id":"{{sku}}","quantity_in_stock":0}]""");
        Assert.Equal([200, 200], lowered.Select(l => l!["status_code"]!.GetValue<int>()));
    }

    [Fact]
    public async Task Another_tenants_skus_are_not_found()
    {
        var sku = Unique("mine");
        await PostArrayAsync(Client(), "/timp/products/skus/", $$"""[{"sku_id":"{{sku}}"}]""");

        var response = await PostArrayAsync(Client("shop-two-secret"), "/timp/products/skus/inventory/bulk/", $$"""[{"sku_id":"{{sku}}","quantity_in_stock":1}]""");

        Assert.Equal(404, response[0]!["status_code"]!.GetValue<int>());
    }

    [Theory]
    [InlineData("""{"sku_id":"x"}""")]
    [InlineData("""[]""")]
    [InlineData("""[{"sku_id":"x"}""")]
    [InlineData("""null""")]
    public async Task A_body_that_is_not_a_non_empty_array_is_400_with_detail(string body)
    {
        using var client = Client();
        var response = await client.PostAsync("/timp/products/skus/inventory/bulk/", Json(body));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.False(string.IsNullOrEmpty((await response.Content.ReadFromJsonAsync<JsonObject>())!["detail"]!.GetValue<string>()));
    }

    [Fact]
    public async Task More_than_1000_elements_is_400_and_401_has_detail()
    {
        using var client = Client();
        var body = "[" + string.Join(",", Enumerable.Repeat("""{"sku_id":"x","quantity_in_stock":1}""", 1001)) + "]";
        Assert.Equal(HttpStatusCode.BadRequest, (await client.PostAsync("/timp/products/skus/inventory/bulk/", Json(body))).StatusCode);

        var anonymous = await factory.CreateClient().PostAsync("/timp/products/skus/inventory/bulk/", Json("[]"));
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.NotNull((await anonymous.Content.ReadFromJsonAsync<JsonObject>())!["detail"]);
    }
}
