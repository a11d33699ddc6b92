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

public sealed class RateLimitConfigurationTests
{
    [Fact]
    public void A_dialect_the_limit_cannot_name_stops_the_start_and_names_those_it_can()
    {
        using var factory = new MisconfiguredRateLimitFactory();

        var failure = Assert.ThrowsAny<Exception>(() => factory.CreateClient());

        var message = failure.ToString();
        Assert.Contains("Inventory:RateLimit:AdditionalDialects names Shopify, BSPK; it may name Wix, Stoq, Crux", message, StringComparison.Ordinal);
    }

    /// <summary>BSPK is always limited, and Shopify no dialect at all: neither may be named.</summary>
    private sealed class MisconfiguredRateLimitFactory() : EmbeddedApiFactory(new Dictionary<string, string>
    {
        ["Inventory:RateLimit:AdditionalDialects:0"] = "Wix",
        ["Inventory:RateLimit:AdditionalDialects:1"] = "Shopify",
        ["Inventory:RateLimit:AdditionalDialects:2"] = "BSPK",
    });
}
