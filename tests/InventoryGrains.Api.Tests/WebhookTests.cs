using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using InventoryGrains.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace InventoryGrains.Api.Tests;

/// <summary>
/// Webhooks against real receivers on 127.0.0.1: signed deliveries of every change in order, retries
/// of a failing receiver, deletion, and tenants kept apart. Short poll and retry delays keep it fast.
/// </summary>
public sealed class WebhookTests(WebhookApiFactory factory) : IClassFixture<WebhookApiFactory>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private HttpClient Client(string key) => factory.CreateClient().WithApiKey(key);

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static async Task<(string Id, string Secret)> RegisterAsync(HttpClient client, Uri url)
    {
        using var response = await client.PostAsync("/v1/webhooks", Json($$"""{"url":"{{url}}","description":"test receiver"}"""));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal(url.ToString(), body["url"]!.GetValue<string>());
        return (body["id"]!.GetValue<string>(), body["secret"]!.GetValue<string>());
    }

    private static async Task<string> CreateItemAsync(HttpClient client, int quantity)
    {
        using var response = await client.PostAsync("/stores/v3/inventory-items", Json($$$"""{"inventoryItem":{"variantId":"{{{Guid.NewGuid()}}}","quantity":{{{quantity}}}}}"""));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!["inventoryItem"]!["id"]!.GetValue<string>();
    }

    private static async Task IncrementAsync(HttpClient client, string id, int by)
    {
        using var response = await client.PostAsync("/stores/v3/bulk/inventory-items/increment", Json($$"""{"incrementData":[{"inventoryItemId":"{{id}}","incrementBy":{{by}}}]}"""));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    /// <summary>Items with the given number of changes each, made concurrently: their changes interleave in the feed.</summary>
    private static async Task<Dictionary<string, long>> ChangeItemsAsync(HttpClient client, int items, int changesEach)
    {
        var ids = await Task.WhenAll(Enumerable.Range(0, items).Select(i => CreateItemAsync(client, i)));
        await Task.WhenAll(ids.Select(async id =>
        {
            for (var i = 1; i < changesEach; i++)
            {
                await IncrementAsync(client, id, i);
            }
        }));
        return ids.ToDictionary(id => id, _ => (long)changesEach);
    }

    private static bool HasAll(WebhookReceiver receiver, Dictionary<string, long> expected) =>
        expected.All(item => receiver.AcknowledgedChanges.Count(change => change.ItemId == item.Key) >= item.Value);

    /// <summary>Every expected change acknowledged exactly once, each item's in revision order.</summary>
    private static void AssertExactlyInOrder(IReadOnlyList<(string ItemId, long Revision)> received, Dictionary<string, long> expected)
    {
        Assert.Equal(expected.Values.Sum(), received.Count);
        foreach (var (item, count) in expected)
        {
            Assert.Equal(Enumerable.Range(1, (int)count).Select(revision => (long)revision), received.Where(change => change.ItemId == item).Select(change => change.Revision));
        }
    }

    private static bool SignatureHolds(string secret, ReceivedRequest request)
    {
        // Computed here as a receiver would, not with the service's own code.
        var signed = Encoding.UTF8.GetBytes($"{request.Timestamp}.").Concat(request.Body).ToArray();
        return request.Signature == "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), signed));
    }

    [Fact]
    public async Task Every_change_after_registration_arrives_signed_with_the_secret_shown_once_each_items_in_revision_order()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        using var client = Client("hooks-one");
        var before = await CreateItemAsync(client, 1);
        var (id, secret) = await RegisterAsync(client, receiver.Url);

        var expected = await ChangeItemsAsync(client, items: 6, changesEach: 4);
        await receiver.WaitUntilAsync(r => HasAll(r, expected), Patience, "every change delivered");

        AssertExactlyInOrder(receiver.AcknowledgedChanges, expected);
        Assert.DoesNotContain(receiver.AcknowledgedChanges, change => change.ItemId == before);
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        Assert.All(receiver.Requests, request =>
        {
            Assert.True(SignatureHolds(secret, request), $"delivery {request.DeliveryId}: the signature does not verify");
            Assert.False(SignatureHolds(secret + "x", request));
            Assert.Equal(request.DeliveryId, request.Json["deliveryId"]!.GetValue<string>());
            Assert.Equal(id, request.Json["webhookId"]!.GetValue<string>());
            Assert.StartsWith("application/json", request.ContentType, StringComparison.Ordinal);
            Assert.InRange(request.Timestamp, now - 120, now + 5);
            Assert.InRange(request.Changes.Count, 1, 5);
        });
        var change = receiver.Acknowledged[0].Changes[0];
        Assert.Equal("wix", change["dialect"]!.GetValue<string>());
        Assert.NotEmpty(change["fields"]!.AsObject());

        // Listed without the secret; the secret is nowhere in the service's logs.
        var listed = await client.GetStringAsync("/v1/webhooks");
        Assert.Contains(id, listed, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, listed, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", listed, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(factory.Logs, line => line.Contains(secret, StringComparison.Ordinal));

        var deliveries = (await client.GetFromJsonAsync<JsonObject>($"/v1/webhooks/{id}/deliveries"))!["deliveries"]!.AsArray();
        Assert.Equal(receiver.Requests.Count, deliveries.Count);
        Assert.All(deliveries, attempt => Assert.Equal(("delivered", 200, 1), (attempt!["status"]!.GetValue<string>(), attempt["responseStatus"]!.GetValue<int>(), attempt["attempt"]!.GetValue<int>())));
        Assert.Equal(receiver.Requests[^1].DeliveryId, deliveries[0]!["deliveryId"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_receiver_that_fails_gets_the_same_delivery_again_and_then_everything_in_order()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Answer = index => index < 3 ? 500 : 200;
        using var client = Client("hooks-one");
        var (id, _) = await RegisterAsync(client, receiver.Url);

        var expected = await ChangeItemsAsync(client, items: 4, changesEach: 3);
        await receiver.WaitUntilAsync(r => HasAll(r, expected), Patience, "every change delivered after the failures");

        var first = receiver.Requests.Take(4).ToList();
        Assert.Equal([500, 500, 500, 200], first.Select(request => request.AnsweredStatus));
        Assert.Single(first.Select(request => request.DeliveryId).Distinct());
        Assert.All(first, request => Assert.Equal(first[0].Body, request.Body));
        AssertExactlyInOrder(receiver.AcknowledgedChanges, expected);

        var log = (await client.GetFromJsonAsync<JsonObject>($"/v1/webhooks/{id}/deliveries"))!["deliveries"]!.AsArray().Reverse().Take(4).ToList();
        Assert.Equal([(1, "failed", 500), (2, "failed", 500), (3, "failed", 500), (4, "delivered", 200)],
            log.Select(attempt => (attempt!["attempt"]!.GetValue<int>(), attempt["status"]!.GetValue<string>(), attempt["responseStatus"]!.GetValue<int>())));
    }

    [Fact]
    public async Task A_deleted_webhook_gets_nothing_more_and_is_gone_from_the_list()
    {
        await using var deleted = await WebhookReceiver.StartAsync();
        await using var control = await WebhookReceiver.StartAsync();
        using var client = Client("hooks-two");
        var (id, _) = await RegisterAsync(client, deleted.Url);
        var first = await ChangeItemsAsync(client, items: 1, changesEach: 1);
        await deleted.WaitUntilAsync(r => HasAll(r, first), Patience, "the first change delivered");

        using (var response = await client.DeleteAsync($"/v1/webhooks/{id}"))
        {
            Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        }

        var received = deleted.Requests.Count;
        await RegisterAsync(client, control.Url);
        var later = await ChangeItemsAsync(client, items: 2, changesEach: 2);
        await control.WaitUntilAsync(r => HasAll(r, later), Patience, "the later changes delivered to the other webhook");

        Assert.Equal(received, deleted.Requests.Count);
        Assert.DoesNotContain(id, await client.GetStringAsync("/v1/webhooks"), StringComparison.Ordinal);
        using (var again = await client.DeleteAsync($"/v1/webhooks/{id}"))
        {
            Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        }

        using var log = await client.GetAsync($"/v1/webhooks/{id}/deliveries");
        Assert.Equal(HttpStatusCode.NotFound, log.StatusCode);
    }

    [Fact]
    public async Task No_tenant_reads_deletes_or_receives_anything_of_another()
    {
        await using var mine = await WebhookReceiver.StartAsync();
        await using var theirs = await WebhookReceiver.StartAsync();
        using var me = Client("hooks-three");
        using var them = Client("hooks-four");
        var (myHook, _) = await RegisterAsync(me, mine.Url);
        var (theirHook, _) = await RegisterAsync(them, theirs.Url);

        var myChanges = await ChangeItemsAsync(me, items: 3, changesEach: 2);
        var theirChanges = await ChangeItemsAsync(them, items: 3, changesEach: 2);
        await mine.WaitUntilAsync(r => HasAll(r, myChanges), Patience, "my changes delivered");
        await theirs.WaitUntilAsync(r => HasAll(r, theirChanges), Patience, "their changes delivered");

        AssertExactlyInOrder(mine.AcknowledgedChanges, myChanges);
        AssertExactlyInOrder(theirs.AcknowledgedChanges, theirChanges);
        Assert.DoesNotContain(theirHook, await me.GetStringAsync("/v1/webhooks"), StringComparison.Ordinal);
        using (var read = await me.GetAsync($"/v1/webhooks/{theirHook}/deliveries"))
        {
            Assert.Equal(HttpStatusCode.NotFound, read.StatusCode);
        }

        using (var delete = await me.DeleteAsync($"/v1/webhooks/{theirHook}"))
        {
            Assert.Equal(HttpStatusCode.NotFound, delete.StatusCode);
        }

        Assert.Contains(theirHook, await them.GetStringAsync("/v1/webhooks"), StringComparison.Ordinal);
        Assert.Contains(myHook, await me.GetStringAsync("/v1/webhooks"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Registration_refuses_a_body_without_a_url_and_a_url_that_is_not_http()
    {
        using var client = Client("hooks-one");

        using var missing = await client.PostAsync("/v1/webhooks", Json("""{"description":"x"}"""));
        using var notHttp = await client.PostAsync("/v1/webhooks", Json("""{"url":"ftp://example.com/x"}"""));
        using var tooLong = await client.PostAsync("/v1/webhooks", Json($$"""{"url":"http://127.0.0.1/x","description":"{{new string('d', 501)}}"}"""));

        Assert.Equal((HttpStatusCode.BadRequest, "application/problem+json"), (missing.StatusCode, missing.Content.Headers.ContentType?.MediaType));
        Assert.Equal((HttpStatusCode.UnprocessableEntity, "application/problem+json"), (notHttp.StatusCode, notHttp.Content.Headers.ContentType?.MediaType));
        Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);
    }
}

/// <summary>Private targets refused, as in a cluster's default configuration.</summary>
public sealed class WebhookTargetTests(PublicTargetsOnlyApiFactory factory) : IClassFixture<PublicTargetsOnlyApiFactory>
{
    [Theory]
    [InlineData("http://127.0.0.1:8080/hook")]
    [InlineData("http://localhost/hook")]
    [InlineData("http://10.0.0.8/hook")]
    [InlineData("http://192.168.0.10/hook")]
    [InlineData("http://169.254.169.254/latest/meta-data")]
    [InlineData("http://[::1]/hook")]
    [InlineData("http://[fe80::1]/hook")]
    public async Task Loopback_private_and_link_local_targets_are_refused_with_422(string url)
    {
        using var client = factory.CreateClient().WithApiKey("public-only");

        using var response = await client.PostAsync("/v1/webhooks", new StringContent($$"""{"url":"{{url}}"}""", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("public", (await response.Content.ReadFromJsonAsync<JsonObject>())!["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("""{"webhooks":[]}""", await client.GetStringAsync("/v1/webhooks"));
    }
}

/// <summary>The embedded mode with four tenants and fast webhook timing; it keeps every log line, to look for secrets in.</summary>
public sealed class WebhookApiFactory : EmbeddedApiFactory
{
    private readonly ConcurrentQueue<string> _logs = new();

    public WebhookApiFactory() : base(new Dictionary<string, string>
    {
        ["Inventory:ApiKeys:0:Key"] = "hooks-one",
        ["Inventory:ApiKeys:0:Tenant"] = "hook-shop-1",
        ["Inventory:ApiKeys:1:Key"] = "hooks-two",
        ["Inventory:ApiKeys:1:Tenant"] = "hook-shop-2",
        ["Inventory:ApiKeys:2:Key"] = "hooks-three",
        ["Inventory:ApiKeys:2:Tenant"] = "hook-shop-3",
        ["Inventory:ApiKeys:3:Key"] = "hooks-four",
        ["Inventory:ApiKeys:3:Tenant"] = "hook-shop-4",
        ["Inventory:Webhooks:MaxBatchSize"] = "5",
        ["Inventory:Webhooks:PollInterval"] = "00:00:00.050",
        ["Inventory:Webhooks:RetryBaseDelay"] = "00:00:00.050",
        ["Inventory:Webhooks:RetryMaxDelay"] = "00:00:00.200",
        ["Logging:LogLevel:Default"] = "Debug",
        ["Logging:LogLevel:Microsoft"] = "Debug",
        ["Logging:LogLevel:Orleans"] = "Debug",
    })
    {
    }

    public IReadOnlyCollection<string> Logs => _logs;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureLogging(logging => logging.AddProvider(new QueueLoggerProvider(_logs)));
    }

    private sealed class QueueLoggerProvider(ConcurrentQueue<string> lines) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new QueueLogger(lines);

        public void Dispose()
        {
        }
    }

    private sealed class QueueLogger(ConcurrentQueue<string> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            lines.Enqueue(formatter(state, exception) + (exception is null ? "" : " " + exception));
    }
}

/// <summary>The embedded mode with private networks refused, as a cluster is by default.</summary>
public sealed class PublicTargetsOnlyApiFactory() : EmbeddedApiFactory(new Dictionary<string, string>
{
    ["Inventory:ApiKeys:0:Key"] = "public-only",
    ["Inventory:ApiKeys:0:Tenant"] = "public-shop",
    ["Inventory:Webhooks:AllowPrivateNetworks"] = "false",
});
