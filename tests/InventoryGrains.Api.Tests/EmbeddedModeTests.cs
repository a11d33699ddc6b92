using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace InventoryGrains.Api.Tests;

public sealed class EmbeddedModeTests(EmbeddedApiFactory factory) : IClassFixture<EmbeddedApiFactory>
{
    [Fact]
    public async Task The_embedded_mode_is_ready_and_live()
    {
        using var client = factory.CreateClient();

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready")).StatusCode);
    }

    [Fact]
    public async Task The_openapi_document_and_its_interactive_page_are_served_without_a_key()
    {
        using var client = factory.CreateClient();

        var document = await client.GetFromJsonAsync<JsonObject>("/openapi/v1.json");
        Assert.StartsWith("3.", document!["openapi"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.NotNull(document["paths"]!["/tenant"]);

        var page = await client.GetAsync("/scalar/v1");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("text/html", page.Content.Headers.ContentType!.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_root_links_the_api_reference_the_openapi_document_and_the_health_routes_without_a_key()
    {
        using var client = factory.CreateClient();

        var index = await client.GetFromJsonAsync<JsonObject>("/");

        var links = index!["links"]!.AsObject();
        Assert.Equal("/scalar/v1", links["apiReference"]!.GetValue<string>());
        Assert.Equal("/openapi/v1.json", links["openApi"]!.GetValue<string>());
        foreach (var (_, link) in links)
        {
            // Every link leads somewhere that answers without a key.
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(link!.GetValue<string>())).StatusCode);
        }
    }

    [Fact]
    public async Task A_request_without_a_key_is_401()
    {
        using var client = factory.CreateClient();

        var response = await client.GetAsync("/tenant");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Theory]
    [InlineData("X-Auth-Token", "wrong-key")]
    [InlineData("Authorization", "Bearer wrong-key")]
    [InlineData("Authorization", "dev-key-but-longer")]
    [InlineData("Authorization", "Bearer ")]
    public async Task A_request_with_a_wrong_key_is_401(string header, string value)
    {
        using var client = factory.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/tenant");
        request.Headers.TryAddWithoutValidation(header, value);

        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Theory]
    [InlineData("X-Auth-Token", "dev-key")]
    [InlineData("Authorization", "Bearer dev-key")]
    [InlineData("Authorization", "Token dev-key")]
    [InlineData("Authorization", "dev-key")]
    public async Task Every_header_form_of_the_development_key_acts_for_the_dev_tenant(string header, string value)
    {
        using var client = factory.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/tenant");
        request.Headers.TryAddWithoutValidation(header, value);

        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonObject>();
        Assert.Equal("dev", body!["tenant"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("/stores/v3/inventory-items/abc", "UNAUTHENTICATED")]
    [InlineData("/api/platform/v1/products/inventories/batches", "unauthorized")]
    public async Task A_401_comes_in_the_shape_of_the_dialect_addressed(string path, string code)
    {
        using var client = factory.CreateClient();

        var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var body = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        var actual = body["details"]?["applicationError"]?["code"] ?? body["errors"]![0]!["code"];
        Assert.Equal(code, actual!.GetValue<string>());
    }

    [Fact]
    public async Task Stoq_and_Crux_401_bodies_use_their_own_fields()
    {
        using var client = factory.CreateClient();

        var stoq = await (await client.GetAsync("/api/v1/external/preorders")).Content.ReadFromJsonAsync<JsonObject>();
        var crux = await (await client.PostAsync("/timp/products/skus/", null)).Content.ReadFromJsonAsync<JsonObject>();

        Assert.Equal("Unauthorized", stoq!["error"]!.GetValue<string>());
        Assert.False(string.IsNullOrEmpty(crux!["detail"]!.GetValue<string>()));
    }
}
