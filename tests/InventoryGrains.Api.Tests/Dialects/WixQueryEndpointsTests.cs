using System.Buffers.Text;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using InventoryGrains.Testing;

namespace InventoryGrains.Api.Tests.Dialects;

/// <summary>
/// queryInventoryItems, searchInventoryItems and countInventoryItems as the Wix SDK sends them: GET
/// with <c>.r</c>, GET without parameters, POST with a body. Each test works on items of a product
/// id of its own, since the tests share one embedded silo.
/// </summary>
public sealed class WixQueryEndpointsTests(ConfiguredKeysApiFactory factory) : IClassFixture<ConfiguredKeysApiFactory>
{
    private const string Items = "/stores/v3/inventory-items";

    private HttpClient Client(string key = "shop-one-secret") => factory.CreateClient().WithApiKey(key);

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    /// <summary>The SDK's GET encoding: the whole request as base64url JSON, without padding, in <c>.r</c>.</summary>
    private static string R(string json) => "?.r=" + Base64Url.EncodeToString(Encoding.UTF8.GetBytes(json));

    private static string NewProduct() => $"p-{Guid.NewGuid():N}";

    /// <summary>Creates <paramref name="count"/> items of the product, quantities 0, 1, 2, …; returns their ids in creation order.</summary>
    private static async Task<List<string>> CreateAsync(HttpClient client, string product, int count, Func<int, string>? stock = null)
    {
        var ids = new List<string>();

        // One at a time, so that creation order (the default order's key) is the order of this list.
        for (var i = 0; i < count; i++)
        {
            var item = $$$$"""{"variantId":"{{{{product}}}}-v-{{{{i}}}}","productId":"{{{{product}}}}","locationId":"loc-{{{{i % 2}}}}",{{{{stock?.Invoke(i) ?? $"\"quantity\":{i}"}}}}}""";
            var response = await client.PostAsync(Items, Json($$$$"""{"inventoryItem":{{{{item}}}}}"""));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            ids.Add((await response.Content.ReadFromJsonAsync<JsonObject>())!["inventoryItem"]!["id"]!.GetValue<string>());
        }

        return ids;
    }

    private static async Task<JsonObject> OkAsync(Task<HttpResponseMessage> sending)
    {
        var response = await sending;
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!.AsObject();
    }

    private static List<string> Ids(JsonObject body) => [.. body["inventoryItems"]!.AsArray().Select(i => i!["id"]!.GetValue<string>())];

    [Fact]
    public async Task A_query_sent_as_get_with_r_and_as_post_gets_the_same_page()
    {
        using var client = Client();
        var product = NewProduct();
        var ids = await CreateAsync(client, product, 6);
        var request = $$$$"""{"query":{"filter":{"productId":"{{{{product}}}}","quantity":{"$gte":2}},"sort":[{"fieldName":"quantity","order":"DESC"}],"cursorPaging":{"limit":10}}}""";

        var viaGet = await OkAsync(client.GetAsync($"{Items}/query{R(request)}"));
        var viaPost = await OkAsync(client.PostAsync($"{Items}/query", Json(request)));

        Assert.Equal([ids[5], ids[4], ids[3], ids[2]], Ids(viaGet));
        Assert.Equal(viaGet.ToJsonString(), viaPost.ToJsonString());
        var paging = viaGet["pagingMetadata"]!;
        Assert.Equal(4, paging["count"]!.GetValue<int>());
        Assert.False(paging["hasNext"]!.GetValue<bool>());
        Assert.Null(paging["cursors"]!["next"]);

        // Items are rendered as the other Wix routes render them.
        var item = viaGet["inventoryItems"]![0]!;
        Assert.Equal(5, item["quantity"]!.GetValue<int>());
        Assert.Equal("1", item["revision"]!.GetValue<string>());
        Assert.Equal("IN_STOCK", item["availabilityStatus"]!.GetValue<string>());
    }

    [Fact]
    public async Task Query_search_and_count_are_not_taken_for_an_item_id_and_answer_a_get_without_parameters()
    {
        using var client = Client();
        var product = NewProduct();
        var ids = await CreateAsync(client, product, 1);

        var query = await OkAsync(client.GetAsync($"{Items}/query"));
        var search = await OkAsync(client.GetAsync($"{Items}/search"));
        var count = await OkAsync(client.GetAsync($"{Items}/count"));
        var emptyPost = await OkAsync(client.PostAsync($"{Items}/query", Json("{}")));
        var item = await OkAsync(client.GetAsync($"{Items}/{ids[0]}"));

        Assert.NotNull(query["pagingMetadata"]);
        Assert.InRange(query["inventoryItems"]!.AsArray().Count, 1, 50);
        Assert.InRange(search["inventoryItems"]!.AsArray().Count, 1, 100);
        Assert.Null(search["aggregationData"]);
        Assert.True(count["count"]!.GetValue<long>() >= 1);
        Assert.Equal(Ids(query), Ids(emptyPost));
        Assert.Equal(ids[0], item["inventoryItem"]!["id"]!.GetValue<string>());
    }

    /// <summary>Exactly what the SDK's <c>next()</c> does: only the cursor and the limit, in <c>.r</c>.</summary>
    [Theory]
    [InlineData("query", null)]
    [InlineData("search", null)]
    [InlineData("query", """[{"fieldName":"quantity","order":"ASC"}]""")]
    [InlineData("search", """[{"fieldName":"createdDate","order":"ASC"}]""")]
    public async Task A_walk_by_cursors_alone_sees_every_item_once_in_order_and_ends_without_a_next_cursor(string method, string? sort)
    {
        using var client = Client();
        var product = NewProduct();
        var ids = await CreateAsync(client, product, 23);
        var sortPart = sort is null ? "" : $",\"sort\":{sort}";
        var first = $$$$"""{"{{{{method}}}}":{"filter":{"productId":{"$eq":"{{{{product}}}}"}}{{{{sortPart}}}},"cursorPaging":{"limit":5}}}""";

        var seen = new List<string>();
        var body = await OkAsync(client.GetAsync($"{Items}/{method}{R(first)}"));
        var pages = 1;
        while (true)
        {
            seen.AddRange(Ids(body));
            var paging = body["pagingMetadata"]!;
            var next = paging["cursors"]!["next"]?.GetValue<string>();
            Assert.Equal(next is not null, paging["hasNext"]!.GetValue<bool>());
            Assert.Equal(Ids(body).Count, paging["count"]!.GetValue<int>());
            if (next is null)
            {
                break;
            }

            body = await OkAsync(client.GetAsync($"{Items}/{method}{R($$$$"""{"{{{{method}}}}":{"cursorPaging":{"cursor":"{{{{next}}}}","limit":5}}}""")}"));
            pages++;
        }

        // Newest first by default; quantities 0..22 ascending; creation order ascending.
        Assert.Equal(sort is null ? Enumerable.Reverse(ids) : ids, seen);
        Assert.Equal(5, pages);
        var count = await OkAsync(client.GetAsync($"{Items}/count{R($$$$"""{"filter":{"productId":"{{{{product}}}}"}}""")}"));
        Assert.Equal(23, count["count"]!.GetValue<long>());
    }

    [Fact]
    public async Task A_cursor_page_may_take_a_new_limit_and_ignores_a_filter_sent_beside_it()
    {
        using var client = Client();
        var product = NewProduct();
        var ids = await CreateAsync(client, product, 9);
        var first = await OkAsync(client.PostAsync($"{Items}/query", Json($$$$"""{"query":{"filter":{"productId":"{{{{product}}}}"},"cursorPaging":{"limit":2}}}""")));
        var cursor = first["pagingMetadata"]!["cursors"]!["next"]!.GetValue<string>();

        var rest = await OkAsync(client.PostAsync($"{Items}/query", Json($$$$"""{"query":{"filter":{"productId":"other"},"cursorPaging":{"cursor":"{{{{cursor}}}}","limit":100}}}""")));

        Assert.Equal(Enumerable.Reverse(ids).Skip(2), Ids(rest));
        Assert.Null(rest["pagingMetadata"]!["cursors"]!["next"]);
    }

    [Fact]
    public async Task Search_answers_value_range_and_scalar_aggregations_over_every_matching_item()
    {
        using var client = Client();
        var product = NewProduct();

        // Quantities 0..9 on even items; odd items untracked (in stock when i % 4 == 1).
        await CreateAsync(client, product, 10, i => i % 2 == 0 ? $"\"quantity\":{i}" : $"\"inStock\":{(i % 4 == 1 ? "true" : "false")}");
        var request = $$$$"""
            {"search":{"filter":{"productId":"{{{{product}}}}"},"cursorPaging":{"limit":3},
              "aggregations":[
                {"name":"byStatus","type":"VALUE","fieldPath":"availabilityStatus","value":{"limit":10,"sortType":"COUNT","sortDirection":"DESC"}},
                {"name":"byLocation","type":"VALUE","fieldPath":"locationId","value":{"sortType":"VALUE","sortDirection":"ASC"}},
                {"name":"stocked","type":"VALUE","fieldPath":"inStock","value":{"missingValues":"INCLUDE","includeOptions":{"addToBucket":"true"}}},
                {"name":"qtyRanges","type":"RANGE","fieldPath":"quantity","range":{"buckets":[{"to":3},{"from":3,"to":7},{"from":7}]}},
                {"name":"maxQty","type":"SCALAR","fieldPath":"quantity","scalar":{"type":"MAX"}},
                {"name":"avgQty","type":"SCALAR","fieldPath":"quantity","scalar":{"type":"AVG"}},
                {"name":"variants","type":"SCALAR","fieldPath":"variantId","scalar":{"type":"COUNT_DISTINCT"}}]}}
            """;

        var body = await OkAsync(client.GetAsync($"{Items}/search{R(request)}"));

        Assert.Equal(3, Ids(body).Count);
        Assert.NotNull(body["pagingMetadata"]!["cursors"]!["next"]);
        var results = body["aggregationData"]!["results"]!.AsArray();
        Assert.Equal(
            """{"name":"byStatus","type":"VALUE","fieldPath":"availabilityStatus","values":{"results":[{"value":"IN_STOCK","count":7},{"value":"OUT_OF_STOCK","count":3}]}}""",
            results[0]!.ToJsonString());
        Assert.Equal("""[{"value":"loc-0","count":5},{"value":"loc-1","count":5}]""", results[1]!["values"]!["results"]!.ToJsonString());
        // Tracked items lack inStock and are counted as "true" here; three untracked items are in stock, two are not.
        Assert.Equal("""[{"value":"true","count":8},{"value":"false","count":2}]""", results[2]!["values"]!["results"]!.ToJsonString());
        Assert.Equal("""[{"to":3,"count":2},{"from":3,"to":7,"count":2},{"from":7,"count":1}]""", results[3]!["ranges"]!["results"]!.ToJsonString());
        Assert.Equal("""{"type":"MAX","value":8}""", results[4]!["scalar"]!.ToJsonString());
        Assert.Equal(4.0, results[5]!["scalar"]!["value"]!.GetValue<double>());
        Assert.Equal(10, results[6]!["scalar"]!["value"]!.GetValue<double>());
    }

    [Fact]
    public async Task Another_tenant_finds_none_of_the_items_and_a_borrowed_cursor_is_refused()
    {
        using var owner = Client("shop-one-secret");
        using var other = Client("shop-two-secret");
        var product = NewProduct();
        await CreateAsync(owner, product, 4);
        var mine = await OkAsync(owner.PostAsync($"{Items}/query", Json($$$$"""{"query":{"filter":{"productId":"{{{{product}}}}"},"cursorPaging":{"limit":2}}}""")));
        var cursor = mine["pagingMetadata"]!["cursors"]!["next"]!.GetValue<string>();

        var query = await OkAsync(other.PostAsync($"{Items}/query", Json($$$$"""{"query":{"filter":{"productId":"{{{{product}}}}"}}}""")));
        var search = await OkAsync(other.GetAsync($"{Items}/search{R($$$$"""{"search":{"filter":{"productId":"{{{{product}}}}"}}}""")}"));
        var count = await OkAsync(other.PostAsync($"{Items}/count", Json($$$$"""{"filter":{"productId":"{{{{product}}}}"}}""")));
        using var borrowed = await other.GetAsync($"{Items}/query{R($$$$"""{"query":{"cursorPaging":{"cursor":"{{{{cursor}}}}"}}}""")}");

        Assert.Empty(Ids(query));
        Assert.Empty(Ids(search));
        Assert.Equal(0, count["count"]!.GetValue<long>());
        Assert.Equal(HttpStatusCode.BadRequest, borrowed.StatusCode);
        Assert.Contains("not a cursor this service gave you", await borrowed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(4, (await OkAsync(owner.PostAsync($"{Items}/count", Json($$$$"""{"filter":{"productId":"{{{{product}}}}"}}"""))))["count"]!.GetValue<long>());
    }

    [Fact]
    public async Task Filters_combine_with_and_or_not_and_dotted_keys_and_isEmpty_style_nulls()
    {
        using var client = Client();
        var product = NewProduct();
        var ids = await CreateAsync(client, product, 8, i => i < 6 ? $"\"quantity\":{i},\"preorderInfo\":{{\"enabled\":{(i % 3 == 0 ? "true" : "false")}}}" : "\"inStock\":true");

        async Task<List<string>> Select(string filter) =>
            Ids(await OkAsync(client.PostAsync($"{Items}/query", Json($$$$"""{"query":{"filter":{"$and":[{"productId":"{{{{product}}}}"},{{{{filter}}}}]},"sort":[{"fieldName":"createdDate","order":"ASC"}]}}"""))));

        Assert.Equal([ids[0], ids[3]], await Select("""{"preorderInfo.enabled":true}"""));
        Assert.Equal([ids[1], ids[5], ids[6], ids[7]], await Select("""{"$or":[{"quantity":{"$in":[1,5]}},{"inStock":true}]}"""));
        Assert.Equal([ids[0], ids[1], ids[6], ids[7]], await Select("""{"$not":{"quantity":{"$gte":2}}}"""));
        Assert.Equal([ids[6], ids[7]], await Select("""{"quantity":null}"""));
        Assert.Equal([ids[2], ids[3]], await Select("""{"quantity":{"$gt":1,"$lt":4},"trackQuantity":true}"""));
        Assert.Equal([ids[4]], await Select($$$$"""{"id":"{{{{ids[4]}}}}"}"""));
        Assert.Equal(ids, await Select("""{"createdDate":{"$gte":"2000-01-01T00:00:00.000Z"},"locationId":{"$startsWith":"loc-"}}"""));
    }

    public static IEnumerable<object[]> BadRequests() =>
    [
        ["query", """{"query":{"filter":{"colour":"red"}}}""", "query.filter.colour"],
        ["query", """{"query":{"filter":{"product.name":"Shirt"}}}""", "query.filter.product.name"],
        ["search", """{"search":{"filter":{"product.directCategoryIds":{"$hasSome":["c1"]}}}}""", "search.filter.product.directCategoryIds"],
        ["query", """{"query":{"filter":{"quantity":{"$hasSome":[1]}}}}""", "query.filter.quantity.$hasSome"],
        ["query", """{"query":{"filter":{"quantity":{"$regex":"1"}}}}""", "query.filter.quantity.$regex"],
        ["query", """{"query":{"filter":{"quantity":"five"}}}""", "query.filter.quantity"],
        ["query", """{"query":{"filter":{"quantity":{"$gt":null}}}}""", "query.filter.quantity.$gt"],
        ["query", """{"query":{"filter":{"createdDate":{"$gt":"yesterday"}}}}""", "query.filter.createdDate.$gt"],
        ["query", """{"query":{"filter":{"availabilityStatus":"SOLD_OUT"}}}""", "query.filter.availabilityStatus"],
        ["query", """{"query":{"filter":{"quantity":{"$startsWith":"1"}}}}""", "query.filter.quantity.$startsWith"],
        ["query", """{"query":{"filter":{"$nor":[{"quantity":1}]}}}""", "query.filter.$nor"],
        ["query", """{"query":{"filter":{"$or":[]}}}""", "query.filter.$or"],
        ["query", """{"query":{"filter":{"variantId":["a","b"]}}}""", "query.filter.variantId"],
        ["query", """{"query":{"filter":"productId"}}""", "query.filter"],
        ["query", """{"query":{"sort":[{"fieldName":"id","order":"ASC"}]}}""", "query.sort[0].fieldName"],
        ["query", """{"query":{"sort":[{"fieldName":"product.name"}]}}""", "query.sort[0].fieldName"],
        ["query", """{"query":{"sort":[{"fieldName":"quantity","order":"UP"}]}}""", "query.sort[0].order"],
        ["query", """{"query":{"cursorPaging":{"limit":0}}}""", "query.cursorPaging.limit"],
        ["search", """{"search":{"cursorPaging":{"limit":1001}}}""", "search.cursorPaging.limit"],
        ["query", """{"query":{"paging":{"offset":10}}}""", "query.paging"],
        ["query", """{"query":{"cursorPaging":{"cursor":"not a cursor!"}}}""", "query.cursorPaging.cursor"],
        ["query", $$$$"""{"query":{"cursorPaging":{"cursor":"{{{{Base64Url.EncodeToString("""{"v":1,"limit":5,"after":{"keys":[],"id":"x"}}"""u8)}}}}"}}}""", "query.cursorPaging.cursor"],
        ["query", $$$$"""{"query":{"cursorPaging":{"cursor":"{{{{Base64Url.EncodeToString("""{"v":1,"limit":5,"sort":[{"fieldName":"quantity","order":"ASC"}],"after":{"keys":["x"],"id":"x"}}"""u8)}}}}"}}}""", "query.cursorPaging.cursor"],
        ["query", $$$$"""{"query":{"cursorPaging":{"cursor":"{{{{Base64Url.EncodeToString("""{"v":1,"limit":5,"filter":{"product.name":"x"},"after":{"keys":[null],"id":"x"}}"""u8)}}}}"}}}""", "query.cursorPaging.cursor"],
        ["query", $$$$"""{"query":{"cursorPaging":{"cursor":"{{{{Base64Url.EncodeToString("[1,2]"u8)}}}}"}}}""", "query.cursorPaging.cursor"],
        ["search", """{"search":{"search":{"expression":"red shirt"}}}""", "search.search.expression"],
        ["count", """{"search":{"expression":"red"}}""", "search.expression"],
        ["search", """{"search":{"aggregations":[{"type":"DATE_HISTOGRAM","fieldPath":"createdDate","dateHistogram":{"interval":"DAY"}}]}}""", "search.aggregations[0].type"],
        ["search", """{"search":{"aggregations":[{"type":"RANGE","fieldPath":"productId","range":{"buckets":[{"from":1}]}}]}}""", "search.aggregations[0]"],
        ["search", """{"search":{"aggregations":[{"type":"SCALAR","fieldPath":"product.name","scalar":{"type":"MAX"}}]}}""", "search.aggregations[0].fieldPath"],
        ["count", """{"filter":{"quantity":{"$in":"1"}}}""", "filter.quantity.$in"],
        ["query", """[1,2]""", "body"],
        ["query", """{"query":""", "body"],
        ["query", """{"query":[]}""", "query"],
    ];

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task A_request_that_cannot_be_run_is_a_400_in_the_wix_shape_naming_the_field(string method, string json, string field)
    {
        using var client = Client();

        var post = await client.PostAsync($"{Items}/{method}", Json(json));
        var postBody = await post.Content.ReadAsStringAsync();

        Assert.True(post.StatusCode == HttpStatusCode.BadRequest, $"{(int)post.StatusCode}: {postBody}");
        var error = JsonNode.Parse(postBody)!;
        Assert.Equal("INVALID_ARGUMENT", error["details"]!["applicationError"]!["code"]!.GetValue<string>());
        Assert.False(string.IsNullOrWhiteSpace(error["message"]!.GetValue<string>()));
        Assert.Equal(field, error["details"]!["applicationError"]!["data"]!["field"]!.GetValue<string>());
        if (field == "body")
        {
            return;
        }

        // The same request in .r is refused the same way.
        var get = await client.GetAsync($"{Items}/{method}{R(json)}");
        Assert.Equal(HttpStatusCode.BadRequest, get.StatusCode);
        Assert.Equal(postBody, await get.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("?.r=%%%")]
    [InlineData("?.r=e30&.r=e30")]
    [InlineData("?.r=bm90IGpzb24")]
    [InlineData("?.r=WzEsMl0")]
    public async Task A_get_whose_r_is_not_one_base64url_json_object_is_a_400(string query)
    {
        using var client = Client();

        var response = await client.GetAsync($"{Items}/query{query}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = await response.Content.ReadFromJsonAsync<JsonObject>();
        Assert.Equal(".r", error!["details"]!["applicationError"]!["data"]!["field"]!.GetValue<string>());
    }

    [Fact]
    public async Task Without_a_key_the_query_routes_are_401_in_the_wix_shape()
    {
        using var client = factory.CreateClient();

        foreach (var route in new[] { "query", "search", "count" })
        {
            var response = await client.GetAsync($"{Items}/{route}");
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Equal("UNAUTHENTICATED", (await response.Content.ReadFromJsonAsync<JsonObject>())!["details"]!["applicationError"]!["code"]!.GetValue<string>());
        }
    }
}
