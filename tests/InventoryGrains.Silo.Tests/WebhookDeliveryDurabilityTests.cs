using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using InventoryGrains.Testing;
using Xunit.Abstractions;

namespace InventoryGrains.Silo.Tests;

/// <summary>
/// A webhook on the PostgreSQL cluster whose delivering silo is killed while a delivery is in
/// flight: the survivor resumes from the last acknowledged delivery (its reminder brings the grain
/// back), and the receiver ends up with every stored change, each item's in revision order.
/// </summary>
[Collection(RealProcesses.Name)]
public sealed class WebhookDeliveryDurabilityTests(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(120);

    private PostgresCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await PostgresCluster.CreateAsync(output);

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task A_silo_killed_during_a_delivery_loses_no_change()
    {
        var silos = await _cluster.StartSilosAsync(new Dictionary<string, string>
        {
            ["Inventory__Webhooks__AllowPrivateNetworks"] = "true",
            ["Inventory__Webhooks__MaxBatchSize"] = "500",
            ["Inventory__Webhooks__PollInterval"] = "00:00:00.100",
            ["Inventory__Webhooks__RetryBaseDelay"] = "00:00:00.100",
            ["Inventory__Webhooks__RetryMaxDelay"] = "00:00:01",
            ["Inventory__Webhooks__ResumeCheckPeriod"] = "00:00:02",
            ["Logging__LogLevel__InventoryGrains.Grains.Webhooks"] = "Debug",
        }, "silo-a", "silo-b");
        using var http = await _cluster.StartApiAsync("webhook-key", "shop-1");
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Delay = TimeSpan.FromMilliseconds(300);

        using var registered = await http.PostAsync("/v1/webhooks", Json($$"""{"url":"{{receiver.Url}}"}"""));
        Assert.Equal(HttpStatusCode.Created, registered.StatusCode);
        var webhookId = (await registered.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>();

        const int Items = 40;
        var entries = string.Join(',', Enumerable.Range(0, Items).Select(i => $$"""{"variantId":"hook-{{i}}","quantity":0}"""));
        using var created = await http.PostAsync("/stores/v3/bulk/inventory-items/create", Json($$"""{"inventoryItems":[{{entries}}],"returnEntity":true}"""));
        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        var ids = (await created.Content.ReadFromJsonAsync<JsonObject>())!["results"]!.AsArray()
            .Select(result => result!["itemMetadata"]!["id"]!.GetValue<string>()).ToList();

        // Changes keep coming while the silo that delivers is killed; a change whose answer was lost
        // with the silo is still in the ledger if it was stored, and the ledger is what must arrive.
        using var stop = new CancellationTokenSource();
        var load = Task.Run(async () =>
        {
            var body = Json($$"""{"incrementData":[{{string.Join(',', ids.Select(id => $$"""{"inventoryItemId":"{{id}}","incrementBy":1}"""))}}]}""");
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    using var response = await http.PostAsync("/stores/v3/bulk/inventory-items/increment", Json(await body.ReadAsStringAsync()));
                }
                catch (HttpRequestException)
                {
                }
            }
        });

        var delivering = $"Webhook {webhookId}: delivery ";
        var waits = silos.Select(silo => silo.WaitForOutputAsync(delivering, Patience)).ToList();
        var first = await Task.WhenAny(waits);
        await first;
        var host = silos[waits.IndexOf(first)];
        var survivor = silos.Single(silo => silo != host);
        // Woken by the third delivery's arrival: the receiver holds it for a while before answering.
        await receiver.WaitUntilAsync(r => r.Requests.Count >= 3 && r.InFlight > 0, Patience, "a delivery in flight after two acknowledged");
        await host.KillAsync();
        output.WriteLine($"killed {host.Name} with {receiver.Requests.Count} deliveries received, {receiver.InFlight} in flight");

        await survivor.WaitForOutputAsync(delivering, Patience);
        stop.Cancel();
        await load;

        // The ground truth: every change each item has stored.
        var expected = new Dictionary<string, long>();
        foreach (var id in ids)
        {
            var item = await http.GetFromJsonAsync<JsonObject>($"/stores/v3/inventory-items/{id}");
            expected[id] = long.Parse(item!["inventoryItem"]!["revision"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);
        }

        await receiver.WaitUntilAsync(
            r => r.AcknowledgedChanges.ToHashSet() is var got && expected.All(item => got.Contains((item.Key, item.Value))),
            Patience, "every stored change delivered after the kill");

        var received = receiver.AcknowledgedChanges;
        foreach (var (id, last) in expected)
        {
            // At least once, in order: with repeats of a redelivered batch left out, revisions 1..last.
            var seen = new List<long>();
            foreach (var revision in received.Where(change => change.ItemId == id).Select(change => change.Revision))
            {
                if (!seen.Contains(revision))
                {
                    seen.Add(revision);
                }
            }

            Assert.True(Enumerable.Range(1, (int)last).Select(revision => (long)revision).SequenceEqual(seen),
                $"item {id}: stored 1..{last}, received {string.Join(',', received.Where(change => change.ItemId == id).Select(change => change.Revision))}");
        }

        var total = expected.Values.Sum();
        output.WriteLine($"changes stored: {total}, received in acknowledged deliveries: {received.Count} ({received.Count - total} repeated), deliveries: {receiver.Requests.Count}");
        Assert.True(total > Items * 3, $"only {total} changes");

        // The feed the deliveries were read from, walked over HTTP: every stored change exactly once.
        var feed = await WalkFeedAsync(http, total);
        Assert.Equal(total, feed.Count);
        Assert.Equal(total, feed.Distinct().Count());
        Assert.All(expected, item => Assert.Equal(
            Enumerable.Range(1, (int)item.Value).Select(revision => (long)revision), feed.Where(change => change.ItemId == item.Key).Select(change => change.Revision)));
    }

    /// <summary>
    /// Follows <c>nextCursor</c> from the start until <paramref name="expected"/> changes are met: an
    /// empty page can also mean a transaction somewhere (a reminder's, a membership update's) has
    /// not ended yet, so it is read again until a deadline.
    /// </summary>
    private static async Task<List<(string ItemId, long Revision)>> WalkFeedAsync(HttpClient http, long expected)
    {
        var feed = new List<(string ItemId, long Revision)>();
        string? cursor = null;
        var deadline = DateTime.UtcNow + Patience;
        while (feed.Count < expected && DateTime.UtcNow < deadline)
        {
            var page = (await http.GetFromJsonAsync<JsonObject>("/v1/changes?limit=1000" + (cursor is null ? "" : $"&cursor={cursor}")))!;
            var changes = page["changes"]!.AsArray();
            feed.AddRange(changes.Select(change => (change!["itemId"]!.GetValue<string>(), change["revision"]!.GetValue<long>())));
            cursor = page["nextCursor"]?.GetValue<string>() ?? cursor;
            if (changes.Count == 0)
            {
                await Task.Delay(50);
            }
        }

        return feed;
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");
}
