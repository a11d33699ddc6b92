using System.Buffers.Text;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using InventoryGrains.Api.Tests.Observability;

namespace InventoryGrains.Api.Tests.Dialects;

/// <summary>
/// The query routes of an API whose silo keeps items in PostgreSQL: the SQL query store as the
/// service registers it, behind the same routes the embedded tests cover in depth.
/// </summary>
public sealed class WixQueryOnPostgresTests(ClusterModeApi api) : IClassFixture<ClusterModeApi>
{
    private const string Items = "/stores/v3/inventory-items";

    private static string R(string json) => "?.r=" + Base64Url.EncodeToString(Encoding.UTF8.GetBytes(json));

    private static async Task<JsonObject> OkAsync(Task<HttpResponseMessage> sending)
    {
        var response = await sending;
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!.AsObject();
    }

    [Fact]
    public async Task Items_written_through_the_item_store_are_walked_by_cursor_counted_and_aggregated_from_postgresql()
    {
        using var client = api.Api.Create(ClusterModeApi.ShopKey);
        var product = $"p-{Guid.NewGuid():N}";
        var entries = string.Join(',', Enumerable.Range(0, 12).Select(i => $$$$"""{"variantId":"v-{{{{i}}}}","productId":"{{{{product}}}}","quantity":{{{{i}}}}}"""));
        await OkAsync(client.PostAsync("/stores/v3/bulk/inventory-items/create",
            new StringContent($$$$"""{"inventoryItems":[{{{{entries}}}}]}""", Encoding.UTF8, "application/json")));

        var quantities = new List<int>();
        var body = await OkAsync(client.GetAsync($"{Items}/query{R($$$$"""{"query":{"filter":{"productId":"{{{{product}}}}","quantity":{"$lt":10}},"sort":[{"fieldName":"quantity","order":"DESC"}],"cursorPaging":{"limit":4}}}""")}"));
        while (true)
        {
            quantities.AddRange(body["inventoryItems"]!.AsArray().Select(i => i!["quantity"]!.GetValue<int>()));
            if (body["pagingMetadata"]!["cursors"]!["next"]?.GetValue<string>() is not { } next)
            {
                break;
            }

            body = await OkAsync(client.GetAsync($"{Items}/query{R($$$$"""{"query":{"cursorPaging":{"cursor":"{{{{next}}}}","limit":4}}}""")}"));
        }

        var count = await OkAsync(client.GetAsync($"{Items}/count{R($$$$"""{"filter":{"productId":"{{{{product}}}}"}}""")}"));
        var search = await OkAsync(client.PostAsync($"{Items}/search", new StringContent(
            $$$$"""{"search":{"filter":{"productId":"{{{{product}}}}"},"aggregations":[{"type":"SCALAR","fieldPath":"quantity","scalar":{"type":"SUM"}},{"type":"RANGE","fieldPath":"quantity","range":{"buckets":[{"to":6},{"from":6}]}}]}}""",
            Encoding.UTF8, "application/json")));

        Assert.Equal(Enumerable.Range(0, 10).Reverse(), quantities);
        Assert.Equal(12, count["count"]!.GetValue<long>());
        Assert.Equal(12, search["inventoryItems"]!.AsArray().Count);
        Assert.Equal(66, search["aggregationData"]!["results"]![0]!["scalar"]!["value"]!.GetValue<double>());
        Assert.Equal("""[{"to":6,"count":6},{"from":6,"count":6}]""", search["aggregationData"]!["results"]![1]!["ranges"]!["results"]!.ToJsonString());
    }
}
