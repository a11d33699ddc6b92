using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Xunit.Abstractions;

namespace InventoryGrains.Silo.Tests;

/// <summary>
/// Two API processes in front of one cluster agree on idempotency keys: a request repeated through
/// the other front-end is replayed from the shared store, applies nothing twice, and the key cannot
/// be reused there for another request. A cursor one of them sealed opens on the other.
/// </summary>
[Collection(RealProcesses.Name)]
public sealed class IdempotencyAcrossFrontEndsTests(ITestOutputHelper output) : IAsyncLifetime
{
    private PostgresCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await PostgresCluster.CreateAsync(output);

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task A_request_repeated_through_the_other_front_end_is_replayed_and_applied_once()
    {
        await _cluster.StartSilosAsync(null, "silo");
        var apis = await Task.WhenAll(
            _cluster.StartApiAsync("shared-key", "shop-1"),
            _cluster.StartApiAsync("shared-key", "shop-1"));
        var id = Guid.NewGuid().ToString();
        using (var created = await apis[0].PostAsync("/stores/v3/inventory-items",
            Json($$$"""{"inventoryItem":{"id":"{{{id}}}","variantId":"{{{id}}}","quantity":10}}""")))
        {
            Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        }

        var decrement = $$$"""{"decrementData":[{"inventoryItemId":"{{{id}}}","decrementBy":3}]}""";
        using var first = await SendAsync(apis[0], decrement, "order-1234");
        using var repeat = await SendAsync(apis[1], decrement, "order-1234");
        using var reused = await SendAsync(apis[1], decrement.Replace("\"decrementBy\":3", "\"decrementBy\":4", StringComparison.Ordinal), "order-1234");

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, repeat.StatusCode);
        Assert.Equal("true", Assert.Single(repeat.Headers.GetValues("Idempotent-Replayed")));
        Assert.Equal(await first.Content.ReadAsStringAsync(), await repeat.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, reused.StatusCode);
        var item = (await apis[1].GetFromJsonAsync<JsonObject>($"/stores/v3/inventory-items/{id}"))!["inventoryItem"]!;
        Assert.Equal(7, item["quantity"]!.GetValue<int>());
        Assert.Equal("2", item["revision"]!.GetValue<string>());

        // A sealed cursor given by one front-end opens on the other: they share one key ring.
        var feed = (await apis[0].GetFromJsonAsync<JsonObject>($"/v1/inventory-items/{id}/changes?limit=1"))!;
        var cursor = feed["nextCursor"]!.GetValue<string>();
        var rest = (await apis[1].GetFromJsonAsync<JsonObject>($"/v1/inventory-items/{id}/changes?cursor={cursor}"))!;
        Assert.Equal(2, rest["changes"]![0]!["revision"]!.GetValue<long>());
        foreach (var api in apis)
        {
            api.Dispose();
        }
    }

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    private static async Task<HttpResponseMessage> SendAsync(HttpClient api, string body, string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/stores/v3/bulk/inventory-items/decrement") { Content = Json(body) };
        request.Headers.Add("Idempotency-Key", key);
        return await api.SendAsync(request);
    }
}
