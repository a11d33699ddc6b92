using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace InventoryGrains.Api.Tests;

/// <summary>What the tests of the service's own routes send and read.</summary>
internal static class ServiceRequests
{
    /// <summary>Creates a tracked item through the Wix route; its id.</summary>
    public static async Task<string> CreateItemAsync(HttpClient client, int quantity)
    {
        var id = Guid.NewGuid().ToString();
        using var response = await client.PostAsync("/stores/v3/inventory-items", new StringContent(
            $$$"""{"inventoryItem":{"id":"{{{id}}}","variantId":"{{{id}}}","quantity":{{{quantity.ToString(CultureInfo.InvariantCulture)}}}}}""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return id;
    }

    /// <summary>A JSON POST (an empty body when none), with an <c>Idempotency-Key</c> when given.</summary>
    public static async Task<HttpResponseMessage> PostAsync(HttpClient client, string path, string? body, string? key = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(body ?? "", Encoding.UTF8, "application/json") };
        if (key is not null)
        {
            request.Headers.Add("Idempotency-Key", key);
        }

        return await client.SendAsync(request);
    }

    public static async Task<JsonObject> ReadAsync(HttpResponseMessage response) =>
        JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
}
