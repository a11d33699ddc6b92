using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using InventoryGrains.Testing;
using Xunit.Abstractions;

namespace InventoryGrains.Api.Tests.Security;

/// <summary>
/// A corpus of bad requests for every route of every dialect: each answer is below 500, every 4xx
/// is in the dialect's error shape, and a refused request leaves the tenant's data as it was.
/// </summary>
public sealed class JunkInputTests(CapturingApiFactory factory, ITestOutputHelper output) : IClassFixture<CapturingApiFactory>
{
    private sealed record Junk(string What, byte[]? Body, string ContentType = "application/json");

    private static Junk Text(string what, string body, string contentType = "application/json") => new(what, Encoding.UTF8.GetBytes(body), contentType);

    private static IEnumerable<Junk> Corpus(RouteCatalog.Route route)
    {
        yield return new Junk("no body", null);
        yield return Text("empty body", "");
        yield return Text("truncated", route.Body is { Length: > 2 } body ? body[..(body.Length / 2)] : "{\"a\":");
        foreach (var text in new[] { "not json", "{", "[", "}", "null", "true", "123", "\"text\"", "[]", "{}", "[1,2,3]", "{\"a\":1,}", "{'a':1}", "NaN" })
        {
            yield return Text($"invalid or wrong root: {text}", text);
        }

        yield return Text("deep nesting", new string('[', 5000) + new string(']', 5000));
        yield return Text("deep object nesting", string.Concat(Enumerable.Repeat("{\"a\":", 3000)) + "1" + new string('}', 3000));
        yield return Text("very long string", $$"""{"x":"{{new string('a', 90_000)}}"}""");
        yield return new Junk("invalid UTF-8", [.. Encoding.UTF8.GetBytes("{\"x\":\""), 0xC3, 0x28, 0xFF, .. Encoding.UTF8.GetBytes("\"}")]);
        yield return new Junk("UTF-8 of a surrogate", [.. Encoding.UTF8.GetBytes("{\"x\":\""), 0xED, 0xA0, 0x80, .. Encoding.UTF8.GetBytes("\"}")]);
        yield return Text("a NUL in a property name", "{\"a\\u0000\":1}");
        yield return Text("a lone surrogate in a property name", "{\"\\ud800\":1}");
        yield return Text("oversized", $$"""{"x":"{{new string('a', 150_000)}}"}""");
        if (route.Body is null)
        {
            yield break;
        }

        yield return Text("text/plain", route.Body, "text/plain");
        yield return Text("application/xml", route.Body, "application/xml");
        var valid = JsonNode.Parse(route.Body)!;
        foreach (var (path, mutated) in Mutations(valid))
        {
            yield return Text($"mutation {path}", mutated);
        }

        if (valid is JsonObject root && root.Count > 0)
        {
            var first = root.First();
            yield return Text("duplicate key", "{" + $"\"{first.Key}\":{first.Value?.ToJsonString() ?? "null"}," + route.Body.TrimStart()[1..]);
        }
    }

    /// <summary>Each value of the valid body replaced, one at a time, by null, a wrong type, or an out-of-range number.</summary>
    private static IEnumerable<(string Path, string Body)> Mutations(JsonNode valid)
    {
        var replacements = new[]
        {
            "null", "[]", "{}", "\"x\"", "true", "-1", "1.5", "99999999999999999999999", "-99999999999999999999999", "1e400", "2147483648", "9223372036854775808",

            // Text no store can keep: a NUL, unpaired surrogates (high, low, reversed pair).
            "\"a\\u0000b\"", "\"\\ud800\"", "\"x\\udc00\"", "\"\\udc00\\ud800\"",
        };
        foreach (var path in Paths(valid, "$"))
        {
            foreach (var replacement in replacements)
            {
                // Written in as text: a JSON reader would refuse to hold an unpaired surrogate.
                const string Marker = "junk-value-marker";
                var copy = valid.DeepClone();
                Replace(copy, path.Segments, JsonValue.Create(Marker));
                yield return ($"{path.Name}={replacement}", copy.ToJsonString().Replace($"\"{Marker}\"", replacement, StringComparison.Ordinal));
            }
        }
    }

    private sealed record ValuePath(string Name, object[] Segments);

    private static IEnumerable<ValuePath> Paths(JsonNode node, string name, object[]? segments = null)
    {
        segments ??= [];
        if (segments.Length > 0)
        {
            yield return new ValuePath(name, segments);
        }

        if (node is JsonObject obj)
        {
            foreach (var (key, child) in obj.ToList())
            {
                if (child is not null)
                {
                    foreach (var path in Paths(child, $"{name}.{key}", [.. segments, key]))
                    {
                        yield return path;
                    }
                }
            }
        }
        else if (node is JsonArray array)
        {
            for (var i = 0; i < array.Count; i++)
            {
                if (array[i] is { } child)
                {
                    foreach (var path in Paths(child, $"{name}[{i}]", [.. segments, i]))
                    {
                        yield return path;
                    }
                }
            }
        }
    }

    private static void Replace(JsonNode root, object[] segments, JsonNode? value)
    {
        var parent = root;
        foreach (var segment in segments[..^1])
        {
            parent = segment is string key ? parent[key]! : parent[(int)segment]!;
        }

        if (segments[^1] is string last)
        {
            parent[last] = value;
        }
        else
        {
            parent.AsArray()[(int)segments[^1]] = value;
        }
    }

    private static readonly string[] BadIds =
    [
        new string('x', 5000), "..%2F..%2Fetc", "'%20OR%201=1--", "-1", "99999999999999999999999", "%F0%9F%99%82", "%C3%28", "a%2Fb",
        "%ED%A0%80", "%ED%B0%80x",
    ];

    [Fact]
    public async Task Every_bad_request_to_every_route_is_a_dialect_4xx_or_harmless_and_a_refusal_changes_nothing()
    {
        var ids = await factory.CreateOwnerResourcesAsync();
        using var client = factory.Client(CapturingApiFactory.OwnerKey);
        var snapshot = await factory.SnapshotAsync(ids);
        var tried = 0;
        var serverErrors = new List<string>();
        var badShapes = new List<string>();
        var changedByRefusal = new List<string>();

        async Task TryAsync(string label, HttpMethod method, string path, string dialect, Junk junk)
        {
            tried++;
            using var request = new HttpRequestMessage(method, path);
            if (junk.Body is not null)
            {
                request.Content = new ByteArrayContent(junk.Body);
                request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(junk.ContentType);
            }

            var response = await client.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            var status = (int)response.StatusCode;
            if (status >= 500)
            {
                serverErrors.Add($"{label}: {status} {text[..Math.Min(200, text.Length)]}");
                return;
            }

            if (status >= 400)
            {
                if (status != 404 || text.Length > 0)
                {
                    if (!DialectShapes.IsErrorShape(dialect, text))
                    {
                        badShapes.Add($"{label}: {status} {text[..Math.Min(200, text.Length)]}");
                    }
                }

                var now = await factory.SnapshotAsync(ids);
                if (now != snapshot)
                {
                    changedByRefusal.Add($"{label}: {status}");
                }

                snapshot = now;
                return;
            }

            // An accepted by-filter request changes data later, in its job: the snapshot is taken
            // once the job is done, so a later refusal is not blamed for the job's changes.
            if (path.StartsWith("/stores", StringComparison.Ordinal) && text.StartsWith('{') && JsonNode.Parse(text)?["jobId"]?.GetValue<string>() is { } jobId)
            {
                await Eventually.ReturnsAsync(
                    async () => (await client.GetFromJsonAsync<JsonObject>($"/v1/inventory-item-jobs/{jobId}"))!["state"]!.GetValue<string>(),
                    state => state == "COMPLETED", TimeSpan.FromSeconds(30), $"job {jobId} of {label} to complete");
            }

            snapshot = await factory.SnapshotAsync(ids);
        }

        foreach (var route in RouteCatalog.All.Where(r => r.Name != "tenant").Select(r => r.With(ids)))
        {
            // Routes that take no body (GET, DELETE of a plan) ignore one: only their ids can be junk.
            foreach (var junk in Corpus(route).Where(j => route.Body is not null || j.Body is null).Where(_ => route.Name != "stoq delete plan"))
            {
                await TryAsync($"{route.Name} / {junk.What}", route.Method, route.Path, route.Dialect, junk);
            }

            foreach (var badId in BadIds)
            {
                var path = RouteCatalog.All.First(r => r.Name == route.Name).Path;
                if (!path.Contains('{', StringComparison.Ordinal))
                {
                    continue;
                }

                var withBadId = path
                    .Replace("{item}", badId, StringComparison.Ordinal).Replace("{plan}", badId, StringComparison.Ordinal)
                    .Replace("{job}", badId, StringComparison.Ordinal).Replace("{variant}", badId, StringComparison.Ordinal)
                    .Replace("{webhook}", badId, StringComparison.Ordinal);
                await TryAsync($"{route.Name} / id {badId[..Math.Min(20, badId.Length)]}", route.Method, withBadId, route.Dialect,
                    route.Body is null ? new Junk("no body", null) : Text("valid body", ids.Fill(route.Body)));
            }
        }

        // Query strings: the Wix query's .r (base64url JSON) and cursors, and the feed's cursor, with
        // text no store can keep inside them.
        static string B64(string json) => Convert.ToBase64String(Encoding.UTF8.GetBytes(json)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        foreach (var query in new[]
        {
            $"/stores/v3/inventory-items/query?.r={B64("{\"query\":{\"filter\":{\"variantId\":\"\\ud800\"}}}")}",
            $"/stores/v3/inventory-items/query?.r={B64("{\"query\":{\"filter\":{\"variantId\":\"a\\u0000\"}}}")}",
            $"/stores/v3/inventory-items/search?.r={B64("{\"search\":{\"filter\":{\"productId\":{\"$in\":[\"\\udc00\"]}}}}")}",
            $"/stores/v3/inventory-items/count?.r={B64("{\"filter\":{\"locationId\":\"\\ud800\"}}")}",
            $"/stores/v3/inventory-items/query?.r={B64("{\"query\":{\"cursorPaging\":{\"cursor\":\"\\ud800\"}}}")}",
            $"/stores/v3/inventory-items/query?.r={B64("{\"query\":{\"filter\":{\"a\":1,\"a\":2}}}")}",
            "/stores/v3/inventory-items/query?.r=%ED%A0%80",

            "/v1/changes?cursor=%ED%A0%80",
            $"/v1/inventory-items/{ids.Item}/changes?cursor=a%00b",
        })
        {
            await TryAsync($"query {query[..Math.Min(60, query.Length)]}", HttpMethod.Get, query, query.StartsWith("/stores", StringComparison.Ordinal) ? "wix" : "none", new Junk("no body", null));
        }

        output.WriteLine($"junk requests tried: {tried}, 5xx: {serverErrors.Count}, bad shapes: {badShapes.Count}, refusals that changed data: {changedByRefusal.Count}");
        foreach (var line in serverErrors.Concat(badShapes).Concat(changedByRefusal))
        {
            output.WriteLine(line);
        }

        Assert.True(tried > 900, $"only {tried} requests");
        Assert.Empty(serverErrors);
        Assert.Empty(badShapes);
        Assert.Empty(changedByRefusal);
    }
}
