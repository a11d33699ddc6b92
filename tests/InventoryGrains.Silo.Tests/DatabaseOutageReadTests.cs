using System.Globalization;
using System.Net;
using InventoryGrains.Testing;
using Xunit.Abstractions;

namespace InventoryGrains.Silo.Tests;

/// <summary>
/// While PostgreSQL is down, every read route of every dialect and of the service's own API, sent
/// through a client-role API to a silo process (so every answer crosses the network), answers the
/// documented 503 in its dialect's shape — never a 500 or an empty body — and the next request
/// after the database is back is served.
/// </summary>
[Collection(RealProcesses.Name)]
public sealed class DatabaseOutageReadTests(ITestOutputHelper output) : IAsyncLifetime
{
    private DedicatedPostgres? _postgres;
    private PostgresCluster? _cluster;

    public async Task InitializeAsync()
    {
        _postgres = await DedicatedPostgres.StartAsync();
        _cluster = PostgresCluster.On(await TestDatabase.CreateOnAsync(_postgres.ConnectionString), output);
    }

    public async Task DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }

        if (_postgres is not null)
        {
            await _postgres.DisposeAsync();
        }
    }

    [Fact]
    public async Task Every_read_route_answers_503_in_its_dialects_shape_while_the_database_is_down_and_is_served_once_it_is_back()
    {
        await _cluster!.StartSilosAsync(null, "silo");
        using var http = await _cluster.StartApiAsync("outage-read-key", "shop-1");

        // Ids nothing holds yet: each read must reach the database (no grain answers from memory).
        var ids = new RouteCatalog.Ids(
            Item: $"absent-{Guid.NewGuid():N}", Plan: Guid.NewGuid().ToString(), Job: Guid.NewGuid().ToString(),
            Variant: Random.Shared.NextInt64(1, long.MaxValue), Sku: "absent-sku", BspkSku: "absent-bspk", Webhook: Guid.NewGuid().ToString(), Reservation: $"absent-{Guid.NewGuid():N}");
        var reads = RouteCatalog.All.Where(route => route.Method == HttpMethod.Get && route.Name != "tenant").Select(route => route.With(ids)).ToList();

        await _postgres!.PauseAsync();
        var wrong = new List<string>();
        foreach (var route in reads)
        {
            using var response = await http.GetAsync(route.Path);
            var body = await response.Content.ReadAsStringAsync();
            if (response.StatusCode != HttpStatusCode.ServiceUnavailable || !DialectShapes.IsErrorShape(route.Dialect, body))
            {
                wrong.Add(string.Create(CultureInfo.InvariantCulture, $"{route.Name} {route.Path}: {(int)response.StatusCode} {body}"));
            }
        }

        output.WriteLine($"read routes tried during the outage: {reads.Count}");
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));

        await _postgres.ResumeAsync();
        foreach (var route in reads)
        {
            var status = await Eventually.ReturnsAsync(
                async () => (await http.GetAsync(route.Path)).StatusCode, code => (int)code < 500, TimeSpan.FromSeconds(30), $"{route.Name} to be served again");
            Assert.Contains(status, new[] { HttpStatusCode.OK, HttpStatusCode.NotFound });
        }
    }
}
