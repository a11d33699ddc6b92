using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using InventoryGrains.Abstractions.Diagnostics;
using InventoryGrains.Testing;
using Xunit.Abstractions;

namespace InventoryGrains.Silo.Tests;

/// <summary>Two silo processes and a client-role API on one PostgreSQL database.</summary>
[Collection(RealProcesses.Name)]
public sealed class PostgresClusterTests(ITestOutputHelper output) : IAsyncLifetime
{
    private PostgresCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await PostgresCluster.CreateAsync(output);

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task Two_silo_processes_form_a_cluster_that_survives_killing_the_host_of_a_grain()
    {
        var silos = await _cluster.StartSilosAsync(null, "silo-a", "silo-b");
        var grains = await _cluster.StartClientAsync();

        // An API process in client role answers through the cluster.
        using var http = await _cluster.StartApiAsync("cluster-test-key", "shop-1");

        // Persisted state and a reminder on one grain.
        var probe = grains.GetGrain<IClusterProbeGrain>("survivor");
        await probe.IncrementAsync();
        await probe.IncrementAsync();
        var before = await probe.IncrementAsync();
        Assert.Equal(3, before.Count);
        await probe.StartReminderAsync(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
        await Eventually.ReturnsAsync(probe.GetAsync, s => s.ReminderTicks >= 1, TimeSpan.FromSeconds(30), "the reminder to fire");

        var host = silos.Single(silo => before.HostingSilo.Contains($":{_cluster.SiloPortOf(silo)}:", StringComparison.Ordinal));
        var survivor = silos.Single(silo => silo != host);
        await host.KillAsync();

        // After the kill the grain comes back on the survivor with its persisted counter.
        var after = await Eventually.ReturnsAsync(
            probe.GetAsync, _ => true, TimeSpan.FromSeconds(60), "the grain to answer again after the kill");
        Assert.Contains($":{_cluster.SiloPortOf(survivor)}:", after.HostingSilo, StringComparison.Ordinal);
        Assert.Equal(3, after.Count);

        await Eventually.HoldsAsync(
            async () => await _cluster.CountSilosAsync(PostgresCluster.SiloStatusDead, _cluster.SiloPortOf(host)) == 1,
            TimeSpan.FromSeconds(60), "the killed silo to be declared Dead");

        // The reminder still fires, now on the survivor.
        var ticksAfterKill = (await probe.GetAsync()).ReminderTicks;
        await Eventually.ReturnsAsync(
            probe.GetAsync, s => s.ReminderTicks >= ticksAfterKill + 2, TimeSpan.FromSeconds(60), "the reminder to keep firing after the kill");
        await probe.StopReminderAsync();

        // The client-role API still answers through the surviving silo.
        await Eventually.HoldsAsync(
            async () => (await http.GetAsync("/health/ready")).StatusCode == HttpStatusCode.OK, PostgresCluster.StartTimeout, "the API to be ready after the kill");
    }

    /// <summary>
    /// The README's cluster — two silos and a client-role API, every pool at its default size — on
    /// a server with stock connection slots: a 1000-item bulk create and a 1000-item bulk update
    /// succeed entry by entry, where pools of 100 per process once exhausted the server.
    /// </summary>
    [Fact]
    public async Task The_readme_cluster_on_a_stock_server_applies_every_entry_of_a_1000_item_bulk_create_and_update()
    {
        var maxConnections = await _cluster.Database.ScalarAsync<string>("SHOW max_connections");
        output.WriteLine($"server max_connections: {maxConnections}");
        await _cluster.StartSilosAsync(null, "silo-a", "silo-b");
        using var http = await _cluster.StartApiAsync("readme-key", "shop-1");

        var ids = Enumerable.Range(0, 1000).Select(i => $"readme-{i:D4}").ToArray();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var created = await PostAsync(http, "/stores/v3/bulk/inventory-items/create", new JsonObject
        {
            ["inventoryItems"] = new JsonArray([.. ids.Select(id => (JsonNode)new JsonObject { ["id"] = id, ["variantId"] = $"v-{id}", ["quantity"] = 1 })]),
        });
        Assert.Equal(1000, (int)created["bulkActionMetadata"]!["totalSuccesses"]!);
        var createdIn = clock.Elapsed;

        clock.Restart();
        var updated = await PostAsync(http, "/stores/v3/bulk/inventory-items/update", new JsonObject
        {
            ["inventoryItems"] = new JsonArray([.. ids.Select(id => (JsonNode)new JsonObject { ["inventoryItem"] = new JsonObject { ["id"] = id, ["revision"] = "1", ["quantity"] = 7 } })]),
        });
        Assert.Equal(1000, (int)updated["bulkActionMetadata"]!["totalSuccesses"]!);
        output.WriteLine(string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"README cluster: 1000-item bulk create {createdIn.TotalSeconds:F2} s, 1000-item bulk update {clock.Elapsed.TotalSeconds:F2} s, every entry a success"));

        // A value over its documented length is refused at the edge here as in the embedded mode,
        // never left to the database to refuse (and the entry to answer UNAVAILABLE).
        using var tooLong = await http.PostAsJsonAsync("/stores/v3/bulk/inventory-items/create", new JsonObject
        {
            ["inventoryItems"] = new JsonArray(new JsonObject { ["variantId"] = new string('v', 600) }),
        });
        Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);
        Assert.Contains("inventoryItems[0].variantId is 600 characters long; at most 256 are accepted.", await tooLong.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // Text PostgreSQL cannot store (a NUL) is refused at the edge too, naming the field.
        using var nul = await http.PostAsync("/stores/v3/bulk/inventory-items/upsert", new StringContent(
            """{"inventoryItems":[{"inventoryItem":{"variantId":"v-nul","preorderInfo":{"message":"m\u0000"}}}]}""", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, nul.StatusCode);
        Assert.Contains("inventoryItems[0].inventoryItem.preorderInfo.message contains a NUL character", await nul.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    /// <summary>A silo whose pools, with the cluster's other silos, cannot fit the server says so in one line at start-up.</summary>
    [Fact]
    public async Task A_silo_whose_connection_budget_cannot_fit_the_server_warns_at_start_up()
    {
        var silos = await _cluster.StartSilosAsync(new Dictionary<string, string> { ["Inventory__Database__OrleansConnections"] = "200" }, "greedy");

        await silos[0].WaitForOutputAsync("may open 211 PostgreSQL connections, more than the", PostgresCluster.StartTimeout);
    }

    private static async Task<JsonNode> PostAsync(HttpClient http, string path, JsonObject body)
    {
        using var response = await http.PostAsJsonAsync(path, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        return JsonNode.Parse(text)!;
    }
}
