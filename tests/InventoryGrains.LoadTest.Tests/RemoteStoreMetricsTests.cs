using System.Net;
using System.Text;
using InventoryGrains.LoadTest.Measurement;

namespace InventoryGrains.LoadTest.Tests;

/// <summary>
/// The item store's figures of a run read from silos' <c>/metrics</c>: the difference of two scrapes,
/// summed over the endpoints, write batches only, percentiles read from the buckets.
/// </summary>
public sealed class RemoteStoreMetricsTests
{
    private static readonly Uri SiloA = new("http://127.0.0.1:8081/metrics");
    private static readonly Uri SiloB = new("http://127.0.0.1:8082/metrics");

    // Read batches are in every scrape and must be ignored.
    private const string Reads = """
        inventory_store_batch_size_bucket{otel_scope_name="InventoryGrains.Storage",inventory_store_operation="read",le="1"} 900
        inventory_store_batch_size_bucket{otel_scope_name="InventoryGrains.Storage",inventory_store_operation="read",le="+Inf"} 900
        inventory_store_batch_size_sum{otel_scope_name="InventoryGrains.Storage",inventory_store_operation="read"} 900
        inventory_store_batch_size_count{otel_scope_name="InventoryGrains.Storage",inventory_store_operation="read"} 900
        """;

    private static readonly Dictionary<Uri, string[]> Scrapes = new()
    {
        [SiloA] =
        [
            $$"""
            # TYPE inventory_store_batch_size histogram
            inventory_store_batch_size_bucket{inventory_store_operation="write",le="1"} 2
            inventory_store_batch_size_bucket{inventory_store_operation="write",le="5"} 2
            inventory_store_batch_size_bucket{inventory_store_operation="write",le="10"} 2
            inventory_store_batch_size_bucket{inventory_store_operation="write",le="+Inf"} 2
            inventory_store_batch_size_sum{inventory_store_operation="write"} 2
            inventory_store_batch_size_count{inventory_store_operation="write"} 2
            inventory_store_batch_failures_total{inventory_store_operation="write"} 1 1700000000000
            {{Reads}}
            """,
            $$"""
            # TYPE inventory_store_batch_size histogram
            inventory_store_batch_size_bucket{inventory_store_operation="write",le="1"} 2
            inventory_store_batch_size_bucket{inventory_store_operation="write",le="5"} 4
            inventory_store_batch_size_bucket{inventory_store_operation="write",le="10"} 5
            inventory_store_batch_size_bucket{inventory_store_operation="write",le="+Inf"} 5
            inventory_store_batch_size_sum{inventory_store_operation="write"} 17
            inventory_store_batch_size_count{inventory_store_operation="write"} 5
            inventory_store_queue_wait_seconds_bucket{inventory_store_operation="write",le="0.001"} 3
            inventory_store_queue_wait_seconds_bucket{inventory_store_operation="write",le="0.01"} 4
            inventory_store_queue_wait_seconds_bucket{inventory_store_operation="write",le="+Inf"} 4
            inventory_store_queue_wait_seconds_sum{inventory_store_operation="write"} 0.012
            inventory_store_queue_wait_seconds_count{inventory_store_operation="write"} 4
            inventory_store_batch_failures_total{inventory_store_operation="write"} 2 1700000005000
            {{Reads}}
            """,
        ],
        [SiloB] =
        [
            Reads,
            """
            inventory_store_batch_size_bucket{inventory_store_operation="write",le="1"} 0
            inventory_store_batch_size_bucket{inventory_store_operation="write",le="5"} 1
            inventory_store_batch_size_bucket{inventory_store_operation="write",le="10"} 1
            inventory_store_batch_size_bucket{inventory_store_operation="write",le="+Inf"} 1
            inventory_store_batch_size_sum{inventory_store_operation="write"} 5
            inventory_store_batch_size_count{inventory_store_operation="write"} 1
            inventory_store_flush_duration_seconds_bucket{inventory_store_operation="write",le="0.005"} 1
            inventory_store_flush_duration_seconds_bucket{inventory_store_operation="write",le="+Inf"} 1
            inventory_store_flush_duration_seconds_sum{inventory_store_operation="write"} 0.003
            inventory_store_flush_duration_seconds_count{inventory_store_operation="write"} 1
            """,
        ],
    };

    [Fact]
    public async Task The_figures_of_a_run_are_the_growth_of_the_write_histograms_summed_over_the_silos()
    {
        using var http = new HttpClient(new ScrapeHandler());
        var metrics = new RemoteStoreMetrics(http, [SiloA, SiloB]);

        var before = await metrics.ScrapeAsync();
        var after = await metrics.ScrapeAsync();
        var figures = RemoteStoreMetrics.Between(before, after, "both silos");

        Assert.NotNull(figures);
        Assert.Equal(4, figures.Batches);
        Assert.Equal(5.0, figures.MeanBatchSize); // (15 + 5) writes in 4 batches
        Assert.Equal(4, figures.MedianBatchSize); // 1 + (5 - 1) * 2/3, inside the (1, 5] bucket
        Assert.Equal(10, figures.MaxBatchSize); // the highest bucket that grew
        Assert.Equal(0.667, figures.QueueWait.P50Ms);
        Assert.Equal(8.2, figures.QueueWait.P95Ms);
        Assert.Equal(9.64, figures.QueueWait.P99Ms);
        Assert.Equal(10, figures.QueueWait.MaxMs);
        Assert.Equal(2.5, figures.Flush.P50Ms);
        Assert.Equal(1, figures.FailedBatches);
        Assert.Equal("both silos", figures.Source);
    }

    [Fact]
    public void No_write_batch_between_two_scrapes_is_no_figures()
    {
        var same = PrometheusText.Parse(Reads);
        var snapshot = new StoreSnapshot(BucketHistogram.From(same, "inventory_store_batch_size"), BucketHistogram.From(same, "x"), BucketHistogram.From(same, "y"), 0);

        Assert.Null(RemoteStoreMetrics.Between(snapshot, snapshot, "silo"));
    }

    [Fact]
    public void The_text_format_keeps_escaped_label_values_special_values_and_ignores_comments_and_timestamps()
    {
        var samples = PrometheusText.Parse("""
            # HELP x A help text with "quotes".
            x{path="/a\"b\\c",le="+Inf"} +Inf
            y NaN 1700000000000
            z{a="1",b=""} -2.5e-3
            """);

        Assert.Equal(["x", "y", "z"], samples.Select(s => s.Name));
        Assert.Equal("/a\"b\\c", samples[0].Label("path"));
        Assert.True(double.IsPositiveInfinity(samples[0].Value));
        Assert.True(double.IsNaN(samples[1].Value));
        Assert.Equal("", samples[2].Label("b"));
        Assert.Equal(-0.0025, samples[2].Value);
    }

    /// <summary>Answers each endpoint's scrapes in turn.</summary>
    private sealed class ScrapeHandler : HttpMessageHandler
    {
        private readonly Dictionary<Uri, int> _served = [];

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var uri = request.RequestUri!;
            var turn = _served.GetValueOrDefault(uri);
            _served[uri] = turn + 1;
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(Scrapes[uri][turn], Encoding.UTF8, "text/plain") });
        }
    }
}
