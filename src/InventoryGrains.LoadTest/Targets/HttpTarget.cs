using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace InventoryGrains.LoadTest.Targets;

/// <summary>Drives the Wix bulk routes of the HTTP front-end, to measure what the edge costs.</summary>
/// <param name="retry">Send every change with an <c>Idempotency-Key</c>, and repeat it (same key, same body) until every entry's outcome is definite.</param>
public sealed class HttpTarget(HttpClient http, bool retry = false) : ILoadTarget
{
    public string Description => $"HTTP front-end at {http.BaseAddress}";

    public IGrainFactory? Grains => null;

    public Task<IReadOnlyList<Outcome>> CreateAsync(IReadOnlyList<ItemSeed> items) =>
        PostBulkAsync("/stores/v3/bulk/inventory-items/create", new JsonObject
        {
            ["inventoryItems"] = new JsonArray([.. items.Select(i => (JsonNode)new JsonObject { ["id"] = i.Id, ["variantId"] = i.Id, ["quantity"] = i.Quantity })]),
            ["returnEntity"] = true,
        });

    public Task<IReadOnlyList<Outcome>> SetQuantitiesAsync(IReadOnlyList<QuantitySet> sets) =>
        PostBulkAsync("/stores/v3/bulk/inventory-items/update", new JsonObject
        {
            ["inventoryItems"] = new JsonArray([.. sets.Select(s => (JsonNode)new JsonObject
            {
                ["inventoryItem"] = new JsonObject
                {
                    ["id"] = s.Id,
                    ["revision"] = s.ExpectedRevision.ToString(CultureInfo.InvariantCulture),
                    ["quantity"] = s.Quantity,
                },
            })]),
            ["reason"] = "MANUAL",
            ["returnEntity"] = true,
        });

    public Task<IReadOnlyList<Outcome>> DecrementAsync(IReadOnlyList<string> itemIds) =>
        PostBulkAsync("/stores/v3/bulk/inventory-items/decrement", new JsonObject
        {
            ["decrementData"] = new JsonArray([.. itemIds.Select(id => (JsonNode)new JsonObject { ["inventoryItemId"] = id, ["decrementBy"] = 1 })]),
            ["restrictInventory"] = true,
            ["reason"] = "ORDER",
            ["returnEntity"] = true,
        });

    public async Task<Outcome> AdjustQuantitiesAsync(string key, string name, IReadOnlyList<QuantityAdjustment> lines)
    {
        var body = new JsonObject
        {
            ["name"] = name,
            ["reason"] = "movement_created",
            ["changes"] = new JsonArray([.. lines.Select(line => (JsonNode)new JsonObject { ["itemId"] = line.ItemId, ["delta"] = line.Delta, ["changeFromQuantity"] = line.ChangeFrom })]),
        };
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/v1/inventory-quantities/adjust", UriKind.Relative)) { Content = JsonContent.Create(body) };
            request.Headers.Add("Idempotency-Key", key);
            using var response = await http.SendAsync(request);
            if (response.IsSuccessStatusCode)
            {
                return new Outcome(true, null, null);
            }

            // A 409 names the lines; a 409 without them is the key's first request still running.
            var answer = await response.Content.ReadFromJsonAsync<JsonObject>();
            return answer?["lines"] is JsonArray refused && refused.Count > 0
                ? new Outcome(false, refused[0]!["code"]!.GetValue<string>(), null)
                : new Outcome(false, $"HTTP_{(int)response.StatusCode}", null);
        }
        catch (HttpRequestException)
        {
            return new Outcome(false, "TRANSPORT", null);
        }
    }

    /// <summary>Reads the items through the service's own route, which shows their quantities by state.</summary>
    public async Task<IReadOnlyList<ItemSnapshot?>> ReadAsync(IReadOnlyList<string> itemIds)
    {
        var results = new ItemSnapshot?[itemIds.Count];
        await Parallel.ForAsync(0, itemIds.Count, new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (index, cancellation) =>
        {
            using var response = await http.GetAsync(new Uri($"/v1/inventory-items/{Uri.EscapeDataString(itemIds[index])}", UriKind.Relative), cancellation);
            if (response.IsSuccessStatusCode)
            {
                var item = (await response.Content.ReadFromJsonAsync<JsonObject>(cancellation))!;
                var quantities = item["quantities"] as JsonObject;
                results[index] = new ItemSnapshot(item["id"]!.GetValue<string>(), item["revision"]!.GetValue<long>(),
                    quantities?["available"]?.GetValue<int>() ?? 0, quantities?["incoming"]?.GetValue<int>());
            }
        });
        return results;
    }

    /// <summary>Before anything runs: the front-end answers, and takes the key.</summary>
    /// <exception cref="LoadTestException">It cannot be reached, or refuses the key.</exception>
    public async Task CheckReachableAsync()
    {
        try
        {
            using var response = await http.GetAsync(new Uri("/tenant", UriKind.Relative));
            if (response.StatusCode == System.Net.HttpStatusCode.Unauthorized)
            {
                throw new LoadTestException($"The front-end at {http.BaseAddress} refused the API key (401): check --api-key.");
            }

            response.EnsureSuccessStatusCode();
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
        {
            throw new LoadTestException($"The front-end at {http.BaseAddress} cannot be reached: {exception.Message}");
        }
    }

    /// <summary>The tenant of the API key, as the service says (<c>GET /tenant</c>).</summary>
    public async Task<string> TenantAsync() =>
        (await http.GetFromJsonAsync<JsonObject>(new Uri("/tenant", UriKind.Relative)))!["tenant"]!.GetValue<string>();

    /// <summary>The API has no route for the feed's end: a walk starts at the beginning of the tenant's feed.</summary>
    public Task<string?> FeedEndAsync() => Task.FromResult<string?>(null);

    public async Task<FeedRead?> ReadFeedAsync(string? position, int limit)
    {
        var query = $"/v1/changes?limit={limit.ToString(System.Globalization.CultureInfo.InvariantCulture)}" + (position is null ? "" : $"&cursor={Uri.EscapeDataString(position)}");
        using var response = await http.GetAsync(new Uri(query, UriKind.Relative));
        if (response.StatusCode == System.Net.HttpStatusCode.NotImplemented)
        {
            return null;
        }

        response.EnsureSuccessStatusCode();
        var page = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        return new FeedRead(
            [.. page["changes"]!.AsArray().Select(change => (change!["itemId"]!.GetValue<string>(), change["revision"]!.GetValue<long>()))],
            page["nextCursor"]?.GetValue<string>() ?? position);
    }

    private async Task<IReadOnlyList<Outcome>> PostBulkAsync(string path, JsonObject body)
    {
        if (!retry)
        {
            return await SendAsync(path, body, key: null);
        }

        // The whole request is repeated with its key: the service replays what was definite and
        // runs the rest again, and no entry is applied twice.
        var key = RetryUntilDefinite.NewKey();
        return await RetryUntilDefinite.RunAsync(Count(body), async pending =>
        {
            var answer = await SendAsync(path, body, key);
            return [.. pending.Select(index => answer[index])];
        });
    }

    private async Task<IReadOnlyList<Outcome>> SendAsync(string path, JsonObject body, string? key)
    {
        HttpResponseMessage response;
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(path, UriKind.Relative)) { Content = JsonContent.Create(body) };
            if (key is not null)
            {
                request.Headers.Add("Idempotency-Key", key);
            }

            response = await http.SendAsync(request);
        }
        catch (HttpRequestException)
        {
            return Repeat(body, new Outcome(false, "TRANSPORT", null));
        }

        using (response)
        {
            if (!response.IsSuccessStatusCode)
            {
                return Repeat(body, new Outcome(false, $"HTTP_{(int)response.StatusCode}", null));
            }

            var results = (await response.Content.ReadFromJsonAsync<JsonObject>())!["results"]!.AsArray();
            return [.. results.Select(result =>
            {
                var metadata = result!["itemMetadata"]!;
                if (metadata["success"]!.GetValue<bool>())
                {
                    return new Outcome(true, null, Revision(result["item"]!));
                }

                var error = metadata["error"]!;
                var current = error["data"]?["currentRevision"]?.GetValue<string>();
                return new Outcome(false, error["code"]!.GetValue<string>(), current is null ? null : long.Parse(current, CultureInfo.InvariantCulture));
            })];
        }
    }

    private static IReadOnlyList<Outcome> Repeat(JsonObject body, Outcome outcome) => [.. Enumerable.Repeat(outcome, Count(body))];

    private static int Count(JsonObject body) => body.First().Value!.AsArray().Count;

    private static long Revision(JsonNode item) => long.Parse(item["revision"]!.GetValue<string>(), CultureInfo.InvariantCulture);

    public ValueTask DisposeAsync()
    {
        http.Dispose();
        return ValueTask.CompletedTask;
    }
}
