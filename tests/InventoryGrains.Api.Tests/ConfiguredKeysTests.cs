using InventoryGrains.Testing;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace InventoryGrains.Api.Tests;

public sealed class ConfiguredKeysTests(ConfiguredKeysApiFactory factory) : IClassFixture<ConfiguredKeysApiFactory>
{
    [Theory]
    [InlineData("shop-one-secret", "shop-1")]
    [InlineData("shop-two-secret", "shop-2")]
    public async Task Each_configured_key_acts_for_its_own_tenant(string key, string tenant)
    {
        using var client = factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);

        var body = await client.GetFromJsonAsync<JsonObject>("/tenant");

        Assert.Equal(tenant, body!["tenant"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_development_key_is_off_once_keys_are_configured()
    {
        using var client = factory.CreateClient().WithApiKey("dev-key");

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/tenant")).StatusCode);
    }

    [Fact]
    public async Task A_body_over_the_configured_limit_is_413_in_the_dialect_shape()
    {
        using var client = factory.CreateClient().WithApiKey("shop-one-secret");
        using var content = new StringContent(new string(' ', 300_000), System.Text.Encoding.UTF8, "application/json");

        var response = await client.PostAsync("/stores/v3/bulk/inventory-items/update", content);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonObject>();
        Assert.Equal("PAYLOAD_TOO_LARGE", body!["details"]!["applicationError"]!["code"]!.GetValue<string>());
    }
}
