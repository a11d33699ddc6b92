using InventoryGrains.Testing;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;

namespace InventoryGrains.Api.Tests;

public sealed class RateLimitTests(RateLimitedApiFactory factory) : IClassFixture<RateLimitedApiFactory>
{
    private const string Batches = "/api/platform/v1/products/inventories/batches";

    private HttpClient Client(string key)
    {
        return factory.CreateClient().WithApiKey(key);
    }

    private static StringContent EmptyBatch() => new("""{"inventories":[]}""", Encoding.UTF8, "application/json");

    [Fact]
    public async Task A_key_gets_its_permits_then_429_with_retry_after_while_other_keys_keep_theirs()
    {
        using var limited = Client("limited-one");
        var remaining = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var response = await limited.PostAsync(Batches, EmptyBatch());
            Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
            Assert.Equal("3", response.Headers.GetValues("X-RateLimit-Limit").Single());
            remaining.Add(response.Headers.GetValues("X-RateLimit-Remaining").Single());
        }

        Assert.Equal(["2", "1", "0"], remaining);

        var refused = await limited.PostAsync(Batches, EmptyBatch());
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal("0", refused.Headers.GetValues("X-RateLimit-Remaining").Single());
        Assert.InRange(refused.Headers.RetryAfter!.Delta!.Value.TotalSeconds, 1, 3600);
        var error = (await refused.Content.ReadFromJsonAsync<JsonObject>())!["errors"]![0]!;
        Assert.Equal("throttled", error["code"]!.GetValue<string>());

        // The same tenant's other key counts on its own.
        using var sibling = Client("limited-two");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await sibling.PostAsync(Batches, EmptyBatch())).StatusCode);
    }

    [Fact]
    public async Task Configuration_extends_the_limit_to_another_dialect_and_its_error_shape()
    {
        using var client = Client("limited-three");
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/stores/v3/inventory-items/none")).StatusCode);
        }

        var refused = await client.GetAsync("/stores/v3/inventory-items/none");
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal("RESOURCE_EXHAUSTED", (await refused.Content.ReadFromJsonAsync<JsonObject>())!["details"]!["applicationError"]!["code"]!.GetValue<string>());

        // Stoq is not limited here.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/external/variants/1")).StatusCode);
    }
}
