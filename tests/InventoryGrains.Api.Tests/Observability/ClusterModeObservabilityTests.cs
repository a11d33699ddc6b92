using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using InventoryGrains.Testing;

namespace InventoryGrains.Api.Tests.Observability;

/// <summary>
/// Metrics, traces and the dashboard of an API that hosts a silo of a PostgreSQL cluster, where the
/// item store gathers writes into batches.
/// </summary>
[Collection(SharedMeters.Name)]
public sealed class ClusterModeObservabilityTests(ClusterModeApi cluster) : IClassFixture<ClusterModeApi>
{
    private static readonly (string, string) Writes = ("inventory_store_operation", "write");
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static string CreateBody(IEnumerable<string> ids) =>
        "{\"inventoryItems\":[" + string.Join(',', ids.Select(id => $$"""{"id":"{{id}}","variantId":"v-{{id}}","quantity":5}""")) + "]}";

    [Fact]
    public async Task Metrics_are_served_without_a_key_when_enabled_and_the_item_store_batches_move_by_the_writes_of_a_bulk()
    {
        using var anonymous = cluster.Api.Create();
        using var shop = cluster.Api.Create(ClusterModeApi.ShopKey);
        var ids = Enumerable.Range(0, 3).Select(_ => Guid.NewGuid().ToString()).ToList();
        var before = await MetricsSnapshot.ScrapeAsync(anonymous);

        Assert.Equal(HttpStatusCode.OK, (await shop.PostAsync("/stores/v3/bulk/inventory-items/create", Json(CreateBody(ids)))).StatusCode);
        var after = await MetricsSnapshot.ScrapeAsync(anonymous);

        // Three new items: three writes, in one to three batches, each write waiting once.
        Assert.Equal(3, after.Since(before, "inventory_store_batch_size_sum", Writes));
        var batches = after.Since(before, "inventory_store_batch_size_count", Writes);
        Assert.InRange(batches, 1, 3);
        Assert.Equal(3, after.Since(before, "inventory_store_queue_wait_seconds_count", Writes));
        Assert.Equal(batches, after.Since(before, "inventory_store_flush_duration_seconds_count", Writes));
        Assert.True(after.Since(before, "inventory_store_flush_duration_seconds_sum", Writes) > 0);
        Assert.Equal(0, after.Since(before, "inventory_store_batch_failures_total", Writes));

        // Activating a new item reads it first: those reads are batches too.
        Assert.Equal(3, after.Since(before, "inventory_store_batch_size_sum", ("inventory_store_operation", "read")));
        Assert.Equal(3, after.Since(before, "inventory_item_changes_applied_total", ("inventory_dialect", "wix"), ("inventory_change_reason", "MANUAL")));
    }

    [Fact]
    public async Task One_trace_runs_from_the_http_request_through_the_coordinator_and_item_grains_to_the_store_writes_which_link_to_their_batch()
    {
        using var shop = cluster.Api.Create(ClusterModeApi.ShopKey);
        var ids = new[] { Guid.NewGuid().ToString(), Guid.NewGuid().ToString() };
        var traceId = ActivityTraceId.CreateRandom();
        var callerSpan = ActivitySpanId.CreateRandom();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/stores/v3/bulk/inventory-items/create") { Content = Json(CreateBody(ids)) };
        request.Headers.Add("traceparent", $"00-{traceId}-{callerSpan}-01");

        Assert.Equal(HttpStatusCode.OK, (await shop.SendAsync(request)).StatusCode);

        // Spans are exported as they end, some just after the response: wait until every span of the
        // trace has its parent in it (or is the HTTP request's, whose parent is the caller).
        var trace = await Eventually.ReturnsAsync(
            () => Task.FromResult(cluster.Spans.Snapshot().Where(s => s.TraceId == traceId).ToList()),
            spans => spans.Count(s => s.OperationName == "inventory.store.write") == 2
                && spans.Any(s => s.Kind == ActivityKind.Server && s.Source.Name == "Microsoft.AspNetCore")
                && spans.All(s => s.ParentSpanId == callerSpan || spans.Any(p => p.SpanId == s.ParentSpanId)),
            Patience, "the request's whole trace");
        var byId = trace.ToDictionary(s => s.SpanId);

        var http = Assert.Single(trace, s => s.ParentSpanId == callerSpan);
        Assert.Equal(ActivityKind.Server, http.Kind);
        Assert.Equal(ClusterModeApi.ShopTenant, http.GetTagItem("inventory.tenant"));
        var fanout = Assert.Single(trace, s => s.OperationName == "inventory.bulk.fanout");
        Assert.Equal(ClusterModeApi.ShopTenant, fanout.GetTagItem("inventory.tenant"));
        Assert.Equal(2, fanout.GetTagItem("inventory.bulk.size"));

        var writes = trace.Where(s => s.OperationName == "inventory.store.write").ToList();
        Assert.Equal(ids.Order(), writes.Select(w => (string)w.GetTagItem("inventory.item.id")!).Order());
        foreach (var write in writes)
        {
            Assert.Equal(ClusterModeApi.ShopTenant, write.GetTagItem("inventory.tenant"));

            // Up from the write: the item's batch, the item grain's call, the coordinator's fan-out
            // and its call, up to the HTTP request (names are Orleans' "IInterface/Method").
            var path = new List<Activity>();
            for (var span = write; span.ParentSpanId != callerSpan; span = byId[span.ParentSpanId])
            {
                path.Add(byId[span.ParentSpanId]);
            }

            var names = path.Select(s => s.OperationName).ToList();
            Assert.Equal("inventory.item.apply", names[0]);
            Assert.Equal(write.GetTagItem("inventory.item.id"), path[0].GetTagItem("inventory.item.id"));
            var item = names.FindIndex(n => n.Contains("IInventoryItemGrain/ExecuteAsync", StringComparison.Ordinal));
            var bulk = names.IndexOf("inventory.bulk.fanout");
            var coordinator = names.FindIndex(n => n.Contains("IBulkCoordinatorGrain/ExecuteAsync", StringComparison.Ordinal));
            Assert.True(0 < item && item < bulk && bulk < coordinator, string.Join(" <- ", names));
            Assert.Same(http, path[^1]);
        }

        // Each write links to the batch that committed it: a trace of its own, which links back to it.
        var batches = await Eventually.ReturnsAsync(
            () => Task.FromResult(writes.Select(w => Assert.Single(w.Links).Context)
                .Select(link => cluster.Spans.Snapshot().SingleOrDefault(s => s.SpanId == link.SpanId && s.TraceId == link.TraceId)).ToList()),
            found => found.All(b => b is not null), Patience, "the batches' spans");
        foreach (var (write, batch) in writes.Zip(batches))
        {
            Assert.Equal("inventory.store.batch write", batch!.OperationName);
            Assert.Equal(default, batch.ParentSpanId);
            Assert.NotEqual(traceId, batch.TraceId);
            Assert.Contains(batch.Links, link => link.Context.SpanId == write.SpanId && link.Context.TraceId == traceId);
            Assert.True((int)batch.GetTagItem("inventory.store.batch.size")! >= 1);
        }

        // The key is never part of a span: not in a name, a tag, an event or baggage.
        var everything = trace.Concat(batches.OfType<Activity>()).SelectMany(s => new[] { s.DisplayName, s.OperationName, s.StatusDescription ?? "" }
            .Concat(s.TagObjects.Select(t => $"{t.Key}={t.Value}"))
            .Concat(s.Events.SelectMany(e => e.Tags.Select(t => $"{t.Key}={t.Value}")))
            .Concat(s.Baggage.Select(b => $"{b.Key}={b.Value}")));
        Assert.DoesNotContain(everything, text => text.Contains(ClusterModeApi.ShopKey, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task One_trace_runs_from_a_reservation_request_through_the_reservation_and_its_items_to_the_batch_that_stored_them(int lines)
    {
        using var shop = cluster.Api.Create(ClusterModeApi.ShopKey);
        var ids = Enumerable.Range(0, lines).Select(_ => Guid.NewGuid().ToString()).ToList();
        Assert.Equal(HttpStatusCode.OK, (await shop.PostAsync("/stores/v3/bulk/inventory-items/create", Json(CreateBody(ids)))).StatusCode);
        var reservationId = $"trace-{Guid.NewGuid():N}";
        var traceId = ActivityTraceId.CreateRandom();
        var callerSpan = ActivitySpanId.CreateRandom();
        var body = $$"""{"id":"{{reservationId}}","lines":[{{string.Join(',', ids.Select(id => $$"""{"itemId":"{{id}}","quantity":1}"""))}}]}""";
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/reservations") { Content = Json(body) };
        request.Headers.Add("traceparent", $"00-{traceId}-{callerSpan}-01");

        Assert.Equal(HttpStatusCode.Created, (await shop.SendAsync(request)).StatusCode);

        var trace = await Eventually.ReturnsAsync(
            () => Task.FromResult(cluster.Spans.Snapshot().Where(s => s.TraceId == traceId).ToList()),
            spans => spans.Any(s => s.OperationName == "inventory.reservation.transition")
                && spans.Any(s => s.Kind == ActivityKind.Server && s.Source.Name == "Microsoft.AspNetCore")
                && spans.All(s => s.ParentSpanId == callerSpan || spans.Any(p => p.SpanId == s.ParentSpanId)),
            Patience, "the reservation request's whole trace");
        var byId = trace.ToDictionary(s => s.SpanId);
        var http = Assert.Single(trace, s => s.ParentSpanId == callerSpan);
        List<string> PathUp(Activity span)
        {
            var names = new List<string>();
            for (; span.ParentSpanId != callerSpan; span = byId[span.ParentSpanId])
            {
                names.Add(byId[span.ParentSpanId].OperationName);
            }

            return names;
        }

        // The transition's span is below the reservation grain's call, which is below the HTTP request.
        var transition = Assert.Single(trace, s => s.OperationName == "inventory.reservation.transition");
        Assert.Equal((ClusterModeApi.ShopTenant, reservationId, "held", lines), (transition.GetTagItem("inventory.tenant"), transition.GetTagItem("inventory.reservation.id"), transition.GetTagItem("inventory.reservation.status"), transition.GetTagItem("inventory.reservation.items")));
        Assert.Contains(PathUp(transition), name => name.Contains("IReservationGrain/CreateAsync", StringComparison.Ordinal));

        // Below it, the calls to its items; the span that wrote to the store links to the batch that
        // stored it, and the batch back to it.
        Activity writer;
        if (lines == 1)
        {
            writer = Assert.Single(trace, s => s.OperationName == "inventory.item.apply");
            Assert.Equal(ids[0], writer.GetTagItem("inventory.item.id"));
            var path = PathUp(writer);
            Assert.Contains(path, name => name.Contains("IInventoryItemGrain/ExecuteAsync", StringComparison.Ordinal));
            Assert.Contains("inventory.reservation.transition", path);
        }
        else
        {
            writer = transition;
            foreach (var call in new[] { "IInventoryItemGrain/PrepareAsync", "IInventoryItemGrain/CompleteAsync" })
            {
                var spans = trace.Where(s => s.OperationName.Contains(call, StringComparison.Ordinal)).ToList();
                Assert.True(spans.Count >= lines, $"{spans.Count} spans of {call}");
                Assert.All(spans, span => Assert.Contains("inventory.reservation.transition", PathUp(span)));
            }
        }

        Assert.Equal(http.OperationName, PathUp(transition)[^1]);
        var link = Assert.Single(writer.Links).Context;
        var batch = await Eventually.ReturnsAsync(
            () => Task.FromResult(cluster.Spans.Snapshot().SingleOrDefault(s => s.SpanId == link.SpanId && s.TraceId == link.TraceId)),
            found => found is not null, Patience, "the batch's span");
        Assert.Equal("inventory.store.batch group-write", batch!.OperationName);
        Assert.Contains(batch.Links, back => back.Context.SpanId == writer.SpanId && back.Context.TraceId == traceId);
    }

    [Fact]
    public async Task The_dashboard_asks_for_a_key_refuses_a_merchants_key_and_opens_for_an_operators_key_in_any_form()
    {
        using var anonymous = cluster.Api.Create();
        var challenged = await anonymous.GetAsync("/dashboard/");
        Assert.Equal(HttpStatusCode.Unauthorized, challenged.StatusCode);
        Assert.Equal("Basic", Assert.Single(challenged.Headers.WwwAuthenticate).Scheme);

        using var merchant = cluster.Api.Create(ClusterModeApi.ShopKey);
        Assert.Equal(HttpStatusCode.Forbidden, (await merchant.GetAsync("/dashboard/")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await merchant.GetAsync("/dashboard/ClusterStats")).StatusCode);

        using var wrongPassword = cluster.Api.Create();
        wrongPassword.DefaultRequestHeaders.Authorization = Basic("operator", "not-the-key");
        Assert.Equal(HttpStatusCode.Unauthorized, (await wrongPassword.GetAsync("/dashboard/")).StatusCode);

        using var header = cluster.Api.Create(ClusterModeApi.OperatorKey);
        using var browser = cluster.Api.Create();
        browser.DefaultRequestHeaders.Authorization = Basic("anyone", ClusterModeApi.OperatorKey);
        foreach (var client in new[] { header, browser })
        {
            var page = await client.GetAsync("/dashboard/");
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            Assert.Contains("<title>Orleans Dashboard</title>", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            var types = await client.GetFromJsonAsync<JsonArray>("/dashboard/GrainTypes");
            Assert.Contains(types!, type => type!.GetValue<string>().EndsWith("InventoryItemGrain", StringComparison.Ordinal));
        }

        var paths = (await anonymous.GetFromJsonAsync<JsonObject>("/openapi/v1.json"))!["paths"]!.AsObject().Select(p => p.Key);
        Assert.DoesNotContain(paths, p => p.StartsWith("/dashboard", StringComparison.Ordinal) || p.StartsWith("/metrics", StringComparison.Ordinal));
    }

    private static AuthenticationHeaderValue Basic(string user, string password) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));
}
