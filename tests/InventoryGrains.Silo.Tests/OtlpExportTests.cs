using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text;
using InventoryGrains.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Xunit.Abstractions;

namespace InventoryGrains.Silo.Tests;

/// <summary>
/// The standard OpenTelemetry variables are all it takes: an API started with
/// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> sends its spans to that collector (here a stand-in on
/// 127.0.0.1 that keeps what it receives), the service's own among them, without the key.
/// </summary>
[Collection(RealProcesses.Name)]
public sealed class OtlpExportTests(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly ConcurrentQueue<byte[]> _traces = new();
    private WebApplication? _collector;
    private string _collectorUrl = "";

    public async Task InitializeAsync()
    {
        _collectorUrl = $"http://127.0.0.1:{FreePort.Next().ToString(CultureInfo.InvariantCulture)}";
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(_collectorUrl);
        _collector = builder.Build();
        _collector.MapPost("/v1/traces", async (HttpRequest request) =>
        {
            using var body = new MemoryStream();
            await request.Body.CopyToAsync(body);
            _traces.Enqueue(body.ToArray());
            return Results.Ok();
        });
        _collector.MapPost("/v1/{signal}", () => Results.Ok());
        await _collector.StartAsync();
    }

    public async Task DisposeAsync()
    {
        if (_collector is not null)
        {
            await _collector.DisposeAsync();
        }
    }

    [Fact]
    public async Task With_an_otlp_endpoint_the_api_exports_the_spans_of_a_bulk_to_it_without_the_key()
    {
        var url = $"http://127.0.0.1:{FreePort.Next().ToString(CultureInfo.InvariantCulture)}";
        await using var api = ServiceProcess.Start("traced-api", "InventoryGrains.Api", new Dictionary<string, string>
        {
            ["ASPNETCORE_URLS"] = url,
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = _collectorUrl,
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            ["OTEL_BSP_SCHEDULE_DELAY"] = "200",
        });
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri(url) };
            await Eventually.HoldsAsync(async () => (await http.GetAsync("/health/ready")).StatusCode == HttpStatusCode.OK, TimeSpan.FromSeconds(60), "the API to be ready");
            using var create = new HttpRequestMessage(HttpMethod.Post, "/stores/v3/bulk/inventory-items/create")
            {
                Content = new StringContent("""{"inventoryItems":[{"variantId":"v1","quantity":3}]}""", Encoding.UTF8, "application/json"),
            };
            create.Headers.Add("Authorization", "Bearer dev-key");
            Assert.Equal(HttpStatusCode.OK, (await http.SendAsync(create)).StatusCode);

            // OTLP is protobuf, whose strings are plain UTF-8: the span names and attributes can be found in the bytes.
            string[] expected = ["inventory-api", "inventory.bulk.fanout", "inventory.item.apply", "inventory.store.write", "IInventoryItemGrain/ExecuteAsync", "/stores/v3/bulk/inventory-items/create"];
            var received = await Eventually.ReturnsAsync(
                () => Task.FromResult(string.Join('\n', _traces.Select(Encoding.UTF8.GetString))),
                text => expected.All(name => text.Contains(name, StringComparison.Ordinal)),
                TimeSpan.FromSeconds(30), "the bulk's spans at the collector");
            Assert.DoesNotContain("dev-key", received, StringComparison.Ordinal);
        }
        finally
        {
            output.WriteLine(api.Output);
        }
    }
}
