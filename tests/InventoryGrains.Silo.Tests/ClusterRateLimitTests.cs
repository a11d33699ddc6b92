using System.Net;
using System.Text;
using Xunit.Abstractions;

namespace InventoryGrains.Silo.Tests;

/// <summary>Two API processes in front of one cluster share each key's rate-limit window.</summary>
[Collection(RealProcesses.Name)]
public sealed class ClusterRateLimitTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string Batches = "/api/platform/v1/products/inventories/batches";
    private const int PermitLimit = 6;

    private PostgresCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await PostgresCluster.CreateAsync(output);

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task A_limit_of_n_admits_n_requests_in_total_across_both_front_ends_then_429()
    {
        await _cluster.StartSilosAsync(null, "silo");
        var settings = new Dictionary<string, string>
        {
            ["Inventory__RateLimit__PermitLimit"] = PermitLimit.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Inventory__RateLimit__WindowSeconds"] = "3600",
        };
        var apis = await Task.WhenAll(
            _cluster.StartApiAsync("shared-key", "shop-1", settings),
            _cluster.StartApiAsync("shared-key", "shop-1", settings));

        var admitted = new List<string>();
        var refused = 0;
        for (var i = 0; i < 2 * PermitLimit; i++)
        {
            using var body = new StringContent("""{"inventories":[]}""", Encoding.UTF8, "application/json");
            var response = await apis[i % 2].PostAsync(Batches, body);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                refused++;
                Assert.NotNull(response.Headers.RetryAfter);
                continue;
            }

            Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
            admitted.Add(response.Headers.GetValues("X-RateLimit-Remaining").Single());
        }

        Assert.Equal(["5", "4", "3", "2", "1", "0"], admitted);
        Assert.Equal(PermitLimit, refused);
        foreach (var api in apis)
        {
            api.Dispose();
        }
    }
}
