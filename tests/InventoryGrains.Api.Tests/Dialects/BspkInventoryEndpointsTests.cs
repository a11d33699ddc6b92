using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using InventoryGrains.Abstractions;
using InventoryGrains.Abstractions.Identifiers;
using InventoryGrains.Abstractions.Inventory;
using Microsoft.Extensions.DependencyInjection;
using InventoryGrains.Domain.Items;
using InventoryGrains.Domain.Identifiers;

namespace InventoryGrains.Api.Tests.Dialects;

public sealed class BspkInventoryEndpointsTests(ConfiguredKeysApiFactory factory) : IClassFixture<ConfiguredKeysApiFactory>
{
    private const string Batches = "/api/platform/v1/products/inventories/batches";

    private HttpClient Client(string key = "shop-one-secret")
    {
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Add("Authorization", $"Bearer {key}");
        return client;
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static string Record(string sku, int quantity, string at, string product = "prd-1", string store = "str1") =>
        $$"""{"product_ref":"{{product}}","sku":"{{sku}}","quantity":{{quantity}},"store_ref":"{{store}}","at":"{{at}}"}""";

    private static async Task<JsonObject> BatchAsync(HttpClient client, params string[] records)
    {
        var response = await client.PostAsync(Batches, Json($$"""{"inventories":[{{string.Join(",", records)}}]}"""));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }

    private static string[] Statuses(JsonObject batch) =>
        [.. batch["results"]!.AsArray().Select(r => r!["status"]!.GetValue<string>())];

    private static string Unique() => $"sku-{Guid.NewGuid():N}";

    /// <summary>The stored item a BSPK (sku, store) names, read from the grains.</summary>
    private async Task<InventoryItem> ItemAsync(string sku, string store = "str1", string tenant = "shop-1")
    {
        var grains = factory.Services.GetRequiredService<IGrainFactory>();
        Assert.True(ProductIdentifier.TryNormalize(new ItemIdentifier(IdentifierKind.Sku, sku), out var key, out _));
        var id = await grains.GetGrain<IIdentifierIndexGrain>(TenantKey.Format(tenant, key)).ResolveAsync(store);
        Assert.NotNull(id);
        return (await grains.GetGrain<IInventoryItemGrain>(InventoryItemKey.Format(tenant, id)).GetAsync())!;
    }

    [Fact]
    public async Task A_record_creates_a_newer_one_applies_an_older_or_equal_one_is_a_warning_that_changes_nothing()
    {
        using var client = Client();
        var sku = Unique();

        var created = await BatchAsync(client, Record(sku, 5, "2021-01-01T00:00:00Z"));
        Assert.Equal("ok", created["status"]!.GetValue<string>());
        Assert.Equal("created", created["results"]![0]!["message"]!.GetValue<string>());
        var item = await ItemAsync(sku);
        Assert.Equal((5, "prd-1", "str1"), (item.Quantity, item.ProductId, item.LocationId));

        var newer = await BatchAsync(client, Record(sku, 7, "2021-01-02T00:00:00Z"));
        Assert.Equal(["ok"], Statuses(newer));
        Assert.Equal("updated", newer["results"]![0]!["message"]!.GetValue<string>());

        var older = await BatchAsync(client, Record(sku, 1, "2021-01-01T12:00:00Z"));
        var equal = await BatchAsync(client, Record(sku, 2, "2021-01-02T02:00:00+02:00"));
        Assert.Equal("warning", older["status"]!.GetValue<string>());
        Assert.Equal(["warning"], Statuses(equal));
        Assert.Contains("2021-01-02T00:00:00", older["results"]![0]!["message"]!.GetValue<string>(), StringComparison.Ordinal);

        item = await ItemAsync(sku);
        Assert.Equal(7, item.Quantity);
        Assert.Equal(2, item.Revision);
        Assert.Equal(DateTimeOffset.Parse("2021-01-02T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture), item.LastEffectiveAt);
    }

    [Fact]
    public async Task A_product_ref_that_differs_from_the_items_product_is_an_error()
    {
        using var client = Client();
        var sku = Unique();
        await BatchAsync(client, Record(sku, 5, "2021-01-01T00:00:00Z", product: "prd-1"));

        var mismatch = await BatchAsync(client, Record(sku, 6, "2021-01-05T00:00:00Z", product: "prd-2"));

        Assert.Equal("error", mismatch["status"]!.GetValue<string>());
        Assert.Contains("prd-1", mismatch["results"]![0]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(5, (await ItemAsync(sku)).Quantity);
    }

    [Fact]
    public async Task The_batch_status_is_ok_warning_partial_or_error()
    {
        using var client = Client();
        var (a, b) = (Unique(), Unique());
        await BatchAsync(client, Record(a, 1, "2021-01-02T00:00:00Z"), Record(b, 1, "2021-01-02T00:00:00Z"));

        var allOk = await BatchAsync(client, Record(a, 2, "2021-01-03T00:00:00Z"), Record(b, 2, "2021-01-03T00:00:00Z"));
        var warning = await BatchAsync(client, Record(a, 3, "2021-01-04T00:00:00Z"), Record(b, 3, "2021-01-01T00:00:00Z"));
        var partial = await BatchAsync(client, Record(a, 4, "2021-01-05T00:00:00Z"), Record(b, 4, "2021-01-05T00:00:00Z", product: "other"), Record(b, 4, "2021-01-01T00:00:00Z"));
        var allError = await BatchAsync(client, Record(a, 5, "2021-01-06T00:00:00Z", product: "other"), """{"sku":"x"}""");

        Assert.Equal("ok", allOk["status"]!.GetValue<string>());
        Assert.Equal("warning", warning["status"]!.GetValue<string>());
        Assert.Equal(["ok", "warning"], Statuses(warning));
        Assert.Equal("partial", partial["status"]!.GetValue<string>());
        Assert.Equal(["ok", "error", "warning"], Statuses(partial));
        Assert.Equal("error", allError["status"]!.GetValue<string>());
        Assert.Equal([0, 1], allError["results"]!.AsArray().Select(r => r!["index"]!.GetValue<int>()));
    }

    [Fact]
    public async Task Records_with_missing_fields_or_a_bad_time_fail_on_their_own()
    {
        using var client = Client();
        var sku = Unique();

        var batch = await BatchAsync(client,
            """{"sku":"only-sku"}""",
            Record(sku, 1, "yesterday"),
            "null",
            Record(sku, 1, "2021-01-01T00:00:00Z"));

        Assert.Equal(["error", "error", "error", "ok"], Statuses(batch));
        Assert.Contains("product_ref", batch["results"]![0]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("at", batch["results"]![1]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_same_sku_at_two_stores_is_two_items()
    {
        using var client = Client();
        var sku = Unique();

        await BatchAsync(client, Record(sku, 1, "2021-01-01T00:00:00Z", store: "north"), Record(sku, 2, "2021-01-01T00:00:00Z", store: "south"));

        Assert.NotEqual((await ItemAsync(sku, "north")).Id, (await ItemAsync(sku, "south")).Id);
        Assert.Equal(2, (await ItemAsync(sku, "south")).Quantity);
    }

    [Theory]
    [InlineData("""{"inventories":[]}""", HttpStatusCode.UnprocessableEntity)]
    [InlineData("""{}""", HttpStatusCode.UnprocessableEntity)]
    [InlineData("""{"inventories":null}""", HttpStatusCode.UnprocessableEntity)]
    [InlineData("""{"inventories":[{"sku":"s","quantity":"ten"}]}""", HttpStatusCode.BadRequest)]
    [InlineData("""{"inventories":[{"sku":"s","quantity":99999999999}]}""", HttpStatusCode.BadRequest)]
    [InlineData("""{"inventories":{}}""", HttpStatusCode.BadRequest)]
    [InlineData("""{"inventories":[""", HttpStatusCode.BadRequest)]
    public async Task Whole_request_errors_use_the_bspk_error_shape(string body, HttpStatusCode status)
    {
        using var client = Client();
        var response = await client.PostAsync(Batches, Json(body));

        Assert.Equal(status, response.StatusCode);
        var error = (await response.Content.ReadFromJsonAsync<JsonObject>())!["errors"]![0]!;
        Assert.False(string.IsNullOrEmpty(error["title"]!.GetValue<string>()));
        Assert.False(string.IsNullOrEmpty(error["code"]!.GetValue<string>()));
    }

    [Fact]
    public async Task More_than_1000_records_is_400_and_no_key_is_401_in_the_bspk_shape()
    {
        using var client = Client();
        var records = Enumerable.Repeat(Record("s", 1, "2021-01-01T00:00:00Z"), 1001).ToArray();
        var tooMany = await client.PostAsync(Batches, Json($$"""{"inventories":[{{string.Join(",", records)}}]}"""));
        Assert.Equal(HttpStatusCode.BadRequest, tooMany.StatusCode);

        var anonymous = await factory.CreateClient().PostAsync(Batches, Json("""{"inventories":[]}"""));
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal("unauthorized", (await anonymous.Content.ReadFromJsonAsync<JsonObject>())!["errors"]![0]!["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task Every_bspk_response_carries_the_rate_limit_headers()
    {
        using var client = Client("shop-two-secret");

        var ok = await client.PostAsync(Batches, Json($$"""{"inventories":[{{Record(Unique(), 1, "2021-01-01T00:00:00Z")}}]}"""));
        var invalid = await client.PostAsync(Batches, Json("""{"inventories":[]}"""));

        foreach (var response in new[] { ok, invalid })
        {
            Assert.Equal("100", response.Headers.GetValues("X-RateLimit-Limit").Single());
            Assert.True(int.Parse(response.Headers.GetValues("X-RateLimit-Remaining").Single(), System.Globalization.CultureInfo.InvariantCulture) < 100);
        }

        Assert.False((await Client().GetAsync("/api/v1/external/variants/1")).Headers.Contains("X-RateLimit-Limit"));
    }
}
