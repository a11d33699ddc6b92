using System.Diagnostics.Metrics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using InventoryGrains.Api.RateLimiting;
using InventoryGrains.Grains.Inventory;
using InventoryGrains.Grains.SellingPlans;
using InventoryGrains.LoadTest;
using InventoryGrains.LoadTest.Measurement;
using InventoryGrains.Storage.GroupCommit;
using InventoryGrains.Testing;
using Microsoft.Playwright;
using Spectre.Console.Testing;
using Xunit.Abstractions;

namespace InventoryGrains.Silo.Tests;

/// <summary>
/// A cluster as Prometheus and an operator see it: a silo and a client-role API on PostgreSQL, each
/// serving <c>/metrics</c> because it is switched on, a silo that leaves it off, the load tool reading
/// the store's figures from the silo, and the dashboard of the client-role API in a real browser.
/// </summary>
[Collection(RealProcesses.Name)]
public sealed class ObservabilityClusterTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string ShopKey = "observed-shop-key";
    private const string OperatorKey = "observed-operator-key";
    private PostgresCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await PostgresCluster.CreateAsync(output);

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task Silos_and_the_api_serve_metrics_when_enabled_and_the_load_tool_reads_the_store_figures_of_a_run_from_the_silo()
    {
        var siloUrl = LoopbackUrl();
        await _cluster.StartSilosAsync(new Dictionary<string, string>
        {
            ["ASPNETCORE_URLS"] = siloUrl,
            ["Inventory__Metrics__Enabled"] = "true",
        }, "silo-metrics");
        using var api = await _cluster.StartApiAsync(ShopKey, "shop-1", new Dictionary<string, string> { ["Inventory__Metrics__Enabled"] = "true" });
        using var silo = new HttpClient { BaseAddress = new Uri(siloUrl) };

        // The load tool against the API, reading the item store's figures from the silo's /metrics.
        var siloMetrics = new Uri(silo.BaseAddress!, "/metrics");
        var options = new LoadTestOptions
        {
            Scenario = ScenarioKind.BulkUpdate,
            Target = TargetKind.Http,
            Url = api.BaseAddress,
            ApiKey = ShopKey,
            Items = 200,
            BulkSize = 50,
            Concurrency = 2,
            Warmup = TimeSpan.Zero,
            Duration = TimeSpan.FromSeconds(3),
            Live = false,
            MetricsUrls = [siloMetrics],
            Json = new FileInfo(Path.Combine(Path.GetTempPath(), $"observability-{Guid.NewGuid():N}.json")),
        };
        var console = new TestConsole();
        var report = await LoadTestRunner.RunAsync(options, console);
        output.WriteLine(console.Output);
        Assert.True(report.Verified);
        var store = report.Results.Store;
        Assert.NotNull(store);
        Assert.Equal(siloMetrics.ToString(), store.Source);
        Assert.True(store.Batches > 0, $"{store.Batches} batches");
        Assert.InRange(store.MeanBatchSize, 1, 1000);
        Assert.InRange(store.MedianBatchSize, 1, store.MaxBatchSize);
        Assert.InRange(store.QueueWait.P50Ms, 0, store.QueueWait.P99Ms);
        Assert.True(store.Flush.P50Ms > 0);
        Assert.Equal(0, store.FailedBatches);
        Assert.Contains($"item store (from {siloMetrics}", console.Output, StringComparison.Ordinal);
        using (var json = JsonDocument.Parse(await File.ReadAllTextAsync(options.Json.FullName)))
        {
            var written = json.RootElement.GetProperty("results").GetProperty("store");
            Assert.Equal(store.Batches, written.GetProperty("batches").GetInt64());
            Assert.Equal(siloMetrics.ToString(), written.GetProperty("source").GetString());
        }

        File.Delete(options.Json.FullName);

        // What each process serves: the silo its grains, store and Orleans; the API its HTTP requests.
        var siloSeries = await ScrapeAsync(silo);
        var apiSeries = await ScrapeAsync(api);
        Assert.True(Sum(siloSeries, "inventory_item_changes_applied_total", ("inventory_dialect", "wix")) >= report.Results.Figures.Items);
        Assert.True(Sum(siloSeries, "orleans_catalog_activations", ("grain_type", "inventoryitem")) >= options.Items);

        // The silo's count includes the batches that created the items before the measured run.
        Assert.True(Sum(siloSeries, "inventory_store_batch_size_count", ("inventory_store_operation", "write")) > store.Batches);
        Assert.True(Sum(apiSeries, "http_server_request_duration_seconds_count", ("http_route", "/stores/v3/bulk/inventory-items/update")) >= report.Results.Figures.Bulks);

        // Every series the Grafana dashboard queries is one the processes export, or one of the
        // service's own instruments that has not counted anything yet (such as failed batches).
        var exported = siloSeries.Select(s => s.Name).Concat(apiSeries.Select(s => s.Name)).Concat(DeclaredSeries()).ToHashSet(StringComparer.Ordinal);
        var missing = ComposeFileTests.DashboardSeries().Except(exported).ToList();
        Assert.True(missing.Count == 0, $"the dashboard queries series nobody exports: {string.Join(", ", missing)}");

        // A process of the cluster serves no metrics unless told to.
        var quietUrl = LoopbackUrl();
        var quiet = _cluster.StartSilo("silo-quiet", new Dictionary<string, string> { ["ASPNETCORE_URLS"] = quietUrl });
        await quiet.WaitForOutputAsync("Silo started", PostgresCluster.StartTimeout);
        using var quietHttp = new HttpClient { BaseAddress = new Uri(quietUrl) };
        await Eventually.HoldsAsync(async () => (await quietHttp.GetAsync("/health/live")).StatusCode == HttpStatusCode.OK, PostgresCluster.StartTimeout, "the quiet silo to listen");
        Assert.Equal(HttpStatusCode.NotFound, (await quietHttp.GetAsync("/metrics")).StatusCode);
    }

    /// <summary>The client-role API's dashboard in Chromium: the browser is challenged and signs in with the operator's key.</summary>
    [SkippableFact]
    public async Task The_client_role_api_shows_the_operator_the_dashboard_of_the_cluster_in_a_browser()
    {
        var chromium = HeadlessChromium.ExecutablePath;
        Skip.If(chromium is null, HeadlessChromium.Missing);
        await _cluster.StartSilosAsync(null, "silo-dashboard");
        using var shop = await _cluster.StartApiAsync(ShopKey, "shop-1", new Dictionary<string, string>
        {
            ["Inventory__ApiKeys__1__Key"] = OperatorKey,
            ["Inventory__ApiKeys__1__Tenant"] = "operator",
            ["Inventory__Dashboard__Tenants__0"] = "operator",
        });
        using var create = new StringContent("""{"inventoryItems":[{"variantId":"v1","quantity":3}]}""", Encoding.UTF8, "application/json");
        Assert.Equal(HttpStatusCode.OK, (await shop.PostAsync("/stores/v3/bulk/inventory-items/create", create)).StatusCode);
        var api = shop.BaseAddress!;

        using var anonymous = new HttpClient { BaseAddress = api };
        var challenge = await anonymous.GetAsync("/dashboard/");
        Assert.Equal(HttpStatusCode.Unauthorized, challenge.StatusCode);
        Assert.Equal("Basic", Assert.Single(challenge.Headers.WwwAuthenticate).Scheme);

        Assert.Equal(HttpStatusCode.Forbidden, (await shop.GetAsync("/dashboard/")).StatusCode);

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await HeadlessChromium.LaunchAsync(playwright, chromium!);
        await using var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            HttpCredentials = new HttpCredentials { Username = "operator", Password = OperatorKey },
            ViewportSize = new ViewportSize { Width = 1400, Height = 1000 },
        });
        var page = await context.NewPageAsync();
        await page.GotoAsync(new Uri(api, "/dashboard/#/grains").ToString());

        await Assertions.Expect(page).ToHaveTitleAsync("Orleans Dashboard");
        await Assertions.Expect(page.GetByText("InventoryItemGrain").First).ToBeVisibleAsync(new() { Timeout = 30_000 });
        var screenshot = HeadlessChromium.ScreenshotPath("dashboard-client-role.png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = screenshot, FullPage = true });
        output.WriteLine($"screenshot: {screenshot}");
    }

    private static string LoopbackUrl() => $"http://127.0.0.1:{FreePort.Next().ToString(CultureInfo.InvariantCulture)}";

    private static async Task<IReadOnlyList<PrometheusSample>> ScrapeAsync(HttpClient client)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        request.Headers.Authorization = null;
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/plain"));
        var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return PrometheusText.Parse(Encoding.UTF8.GetString(await response.Content.ReadAsByteArrayAsync()));
    }

    private static double Sum(IEnumerable<PrometheusSample> samples, string name, params (string Label, string Value)[] labels) =>
        samples.Where(s => s.Name == name && labels.All(l => s.Label(l.Label) == l.Value)).Sum(s => s.Value);

    /// <summary>
    /// The Prometheus series of every instrument the service declares, counted yet or not: names
    /// with dots as underscores, a <c>_seconds</c> suffix for seconds, <c>_total</c> for counters,
    /// and the three series of a histogram.
    /// </summary>
    private static HashSet<string> DeclaredSeries()
    {
        foreach (var type in new[] { typeof(ItemTelemetry), typeof(CoordinatorTelemetry), typeof(JobTelemetry), typeof(RateLimitTelemetry) })
        {
            RuntimeHelpers.RunClassConstructor(type.TypeHandle);
        }

        using var storeMetrics = new GroupCommitMetrics();
        var series = new HashSet<string>(StringComparer.Ordinal);
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, _) =>
            {
                if (!instrument.Meter.Name.StartsWith("InventoryGrains.", StringComparison.Ordinal))
                {
                    return;
                }

                var name = instrument.Name.Replace('.', '_') + (instrument.Unit == "s" ? "_seconds" : "");
                var kind = instrument.GetType().GetGenericTypeDefinition();
                if (kind == typeof(Counter<>))
                {
                    series.Add(name + "_total");
                }
                else if (kind == typeof(Histogram<>))
                {
                    series.UnionWith([name + "_bucket", name + "_sum", name + "_count"]);
                }
                else
                {
                    series.Add(name);
                }
            },
        };
        listener.Start();
        return series;
    }
}
