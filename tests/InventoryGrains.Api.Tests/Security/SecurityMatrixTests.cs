using InventoryGrains.Testing;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Xunit.Abstractions;

namespace InventoryGrains.Api.Tests.Security;

/// <summary>
/// Every route × {no key, wrong key, another tenant's key}: the first two are 401 in the dialect's
/// shape; with the third nothing of the owner is read or changed. No key ever reaches the logs.
/// </summary>
public sealed class SecurityMatrixTests(CapturingApiFactory factory, ITestOutputHelper output) : IClassFixture<CapturingApiFactory>
{
    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, RouteCatalog.Route route)
    {
        using var request = new HttpRequestMessage(route.Method, route.Path);
        if (route.Body is not null)
        {
            request.Content = new StringContent(route.Body, Encoding.UTF8, "application/json");
        }

        return await client.SendAsync(request);
    }

    [Fact]
    public async Task No_key_and_a_wrong_key_are_401_and_another_tenant_reaches_nothing_of_the_owner()
    {
        var ids = await factory.CreateOwnerResourcesAsync();
        var before = await factory.SnapshotAsync(ids);
        using var anonymous = factory.Client(null);
        using var wrong = factory.Client(CapturingApiFactory.WrongKey);
        using var other = factory.Client(CapturingApiFactory.OtherKey);
        var crossTenant = new List<string>();

        foreach (var route in RouteCatalog.All.Select(r => r.With(ids)))
        {
            foreach (var client in new[] { anonymous, wrong })
            {
                var refused = await SendAsync(client, route);
                Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
                UnauthorizedShape.Assert(route.Dialect, JsonNode.Parse(await refused.Content.ReadAsStringAsync())!);
            }

            var response = await SendAsync(other, route);
            var text = await response.Content.ReadAsStringAsync();
            Assert.True((int)response.StatusCode < 500, $"{route.Name}: {(int)response.StatusCode} {text}");
            if (text.Contains(factory.OwnerMarker, StringComparison.Ordinal))
            {
                crossTenant.Add($"{route.Name} returned the owner's data: {text}");
            }

            if (route.Name is "wix get" or "item changes" or "reservation" or "confirm reservation" or "release reservation" or "fulfil reservation" or "cancel reservation" or "extend reservation" or "webhook deliveries" or "delete webhook" or "stoq get plan" or "stoq update plan" or "stoq delete plan" or "stoq add variants" or "stoq remove variants" or "stoq toggle" or "stoq job")
            {
                Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            }

            if (route.Name is "wix bulk update" or "wix bulk decrement" or "wix bulk increment")
            {
                var entry = JsonNode.Parse(text)!["results"]![0]!["itemMetadata"]!;
                Assert.False(entry["success"]!.GetValue<bool>());
                Assert.Equal("INVENTORY_ITEM_NOT_FOUND", entry["error"]!["code"]!.GetValue<string>());
            }

            // The owner's SKUs are not in the other tenant's index: creating the same names is no
            // conflict, and the batch creates the other tenant's own item.
            if (route.Name == "crux create skus")
            {
                Assert.Equal(201, JsonNode.Parse(text)![0]!["status_code"]!.GetValue<int>());
            }

            if (route.Name == "bspk batch")
            {
                Assert.Equal("created", JsonNode.Parse(text)!["results"]![0]!["message"]!.GetValue<string>());
            }

            if (route.Name == "stoq variant")
            {
                Assert.Empty(JsonNode.Parse(text)!["selling_plan_ids"]!.AsArray());
            }
        }

        Assert.Empty(crossTenant);
        Assert.Equal(before, await factory.SnapshotAsync(ids));
        output.WriteLine($"routes: {RouteCatalog.All.Count}, requests: {RouteCatalog.All.Count * 3}, cross-tenant accesses: {crossTenant.Count}");

        var leaked = factory.Logs.Lines.Where(line =>
            line.Contains(CapturingApiFactory.OwnerKey, StringComparison.Ordinal)
            || line.Contains(CapturingApiFactory.OtherKey, StringComparison.Ordinal)
            || line.Contains(CapturingApiFactory.WrongKey, StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(factory.Logs.Lines);
        Assert.Empty(leaked);
    }
}
