using System.Globalization;
using System.Text.Json.Nodes;
using InventoryGrains.LoadTest;
using InventoryGrains.LoadTest.Checking;
using InventoryGrains.LoadTest.Reporting;
using InventoryGrains.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Npgsql;
using Spectre.Console;
using Spectre.Console.Testing;

namespace InventoryGrains.LoadTest.Tests;

/// <summary>
/// A short run of each scenario: the point is that the tool verifies what it did and reports every
/// figure, not how fast it goes.
/// </summary>
public sealed class LoadTestRunTests : IDisposable
{
    private readonly DirectoryInfo _output = Directory.CreateTempSubdirectory("loadtest-");

    private static LoadTestOptions Short(ScenarioKind scenario) => new()
    {
        Scenario = scenario,
        Items = 300,
        BulkSize = 50,
        Concurrency = 2,
        Warmup = TimeSpan.FromMilliseconds(300),
        Duration = TimeSpan.FromSeconds(1.5),
        Live = false,
    };

    private FileInfo JsonFile(string name) => new(Path.Combine(_output.FullName, name + ".json"));

    private static async Task<(LoadTestReport Report, JsonObject Json)> RunAsync(LoadTestOptions options, HttpClient? http = null)
    {
        var console = new TestConsole();
        var report = await LoadTestRunner.RunAsync(options, console, http);
        var json = JsonNode.Parse(await File.ReadAllTextAsync(options.Json!.FullName))!.AsObject();
        Assert.True(report.Verified, console.Output);
        Assert.Contains("verified", console.Output, StringComparison.Ordinal);
        return (report, json);
    }

    private static void AssertHasEveryField(JsonObject json, bool baseline = false)
    {
        foreach (var field in new[] { "scenario", "target", "storage", "options", "machine", "results", "verified" })
        {
            Assert.True(json.ContainsKey(field), $"missing {field}");
        }

        foreach (var field in new[] { "items", "bulkSize", "concurrency", "hotItems", "initialStock", "warmupSeconds", "durationSeconds", "seed" })
        {
            Assert.NotNull(json["options"]![field]);
        }

        foreach (var field in new[] { "cores", "memoryBytes", "os", "dotnet", "architecture", "serverGc" })
        {
            Assert.NotNull(json["machine"]![field]);
        }

        foreach (var run in baseline ? new[] { "results", "baseline", "historyBaseline" } : ["results"])
        {
            var figures = json[run]!["figures"]!;
            foreach (var field in new[] { "durationSeconds", "items", "bulks", "itemsPerSecond", "bulksPerSecond", "errors" })
            {
                Assert.NotNull(figures[field]);
            }

            foreach (var field in new[] { "p50Ms", "p95Ms", "p99Ms", "maxMs" })
            {
                Assert.NotNull(figures["latency"]![field]);
            }

            Assert.True(figures["items"]!.GetValue<long>() > 0, $"{run} did nothing");
            Assert.True(json[run]!["verification"]!["verified"]!.GetValue<bool>());
        }

        if (baseline)
        {
            foreach (var ratio in new[] { "ratio", "historyRatio" })
            {
                Assert.True(json[ratio]!["itemsPerSecond"]!.GetValue<double>() > 0);
                Assert.NotNull(json[ratio]!["p99"]);
            }
        }
    }

    [Fact]
    public async Task Bulk_update_in_memory_is_verified_and_reported()
    {
        var (report, json) = await RunAsync(Short(ScenarioKind.BulkUpdate) with { Json = JsonFile("bulk") });

        AssertHasEveryField(json);
        Assert.Equal("bulk-update", json["scenario"]!.GetValue<string>());
        Assert.Equal("memory", json["storage"]!.GetValue<string>());
        Assert.True(report.Results.Verification.AcknowledgedChanges >= report.Results.Figures.Items - report.Results.Figures.Errors.Values.Sum());
    }

    [Fact]
    public async Task Hot_decrement_runs_the_stock_out_without_overselling()
    {
        var options = Short(ScenarioKind.HotDecrement) with { HotItems = 2, InitialStock = 150, BulkSize = 5, Concurrency = 4, Json = JsonFile("hot") };

        var (report, json) = await RunAsync(options);

        AssertHasEveryField(json);
        Assert.True(report.Results.Figures.Errors.ContainsKey("INSUFFICIENT_INVENTORY"), "the stock was meant to run out");
        Assert.Equal(300, report.Results.Verification.AcknowledgedChanges);
    }

    [Fact]
    public async Task The_mixed_dialect_load_is_verified()
    {
        var (_, json) = await RunAsync(Short(ScenarioKind.Mixed) with { Json = JsonFile("mixed") });

        AssertHasEveryField(json);
    }

    [Fact]
    public async Task Checkouts_sell_out_hot_items_without_overselling_and_every_abandoned_hold_expires()
    {
        var options = Short(ScenarioKind.Checkout) with { Items = 40, HotItems = 2, InitialStock = 30, BulkSize = 3, Concurrency = 8, Json = JsonFile("checkout") };

        var (report, json) = await RunAsync(options);

        AssertHasEveryField(json);
        var measured = report.Results.Verification.Measured!;
        Assert.True(measured["expiries"] > 0, "some holds were meant to be left to expire");
        Assert.InRange(measured["expiry delay max ms"], 0, 1000);
        Assert.True(report.Results.Figures.Errors.ContainsKey("INSUFFICIENT_INVENTORY"), "the hot items were meant to sell out");
    }

    [Fact]
    public async Task The_linearizability_check_passes_on_hot_items()
    {
        var options = Short(ScenarioKind.Linearizability) with { HotItems = 3, InitialStock = 40, Concurrency = 8, Json = JsonFile("lin") };

        var (report, json) = await RunAsync(options);

        AssertHasEveryField(json);
        Assert.True(report.Results.Verification.AcknowledgedChanges > 50);
    }

    [Fact]
    public async Task Through_the_http_front_end_the_run_is_verified()
    {
        await using var api = new WebApplicationFactory<InventoryGrains.Api.Authentication.ApiKeyStore>().WithWebHostBuilder(builder =>
        {
            builder.UseSetting("Inventory:Cluster:SiloPort", FreePort.Next().ToString(CultureInfo.InvariantCulture));
            builder.UseSetting("Inventory:Cluster:GatewayPort", FreePort.Next().ToString(CultureInfo.InvariantCulture));
        });
        var http = api.CreateClient();

        var (_, json) = await RunAsync(Short(ScenarioKind.BulkUpdate) with { Target = TargetKind.Http, Url = http.BaseAddress, Json = JsonFile("http") }, http);

        AssertHasEveryField(json);
        Assert.Contains("HTTP", json["target"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    /// <summary>
    /// Creations whose answers are lost — once after the service applied them, once before it saw
    /// them — are read back and, where missing, made again: the run starts and verifies.
    /// </summary>
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_creation_of_unknown_outcome_is_read_back_and_repeated_until_definite(bool appliedBeforeTheAnswerWasLost)
    {
        await using var api = new WebApplicationFactory<InventoryGrains.Api.Authentication.ApiKeyStore>().WithWebHostBuilder(builder =>
        {
            builder.UseSetting("Inventory:Cluster:SiloPort", FreePort.Next().ToString(CultureInfo.InvariantCulture));
            builder.UseSetting("Inventory:Cluster:GatewayPort", FreePort.Next().ToString(CultureInfo.InvariantCulture));
        });
        var lossy = new LoseFirstAnswer("/stores/v3/bulk/inventory-items/create", appliedBeforeTheAnswerWasLost);
        var http = api.CreateDefaultClient(lossy);

        var (report, _) = await RunAsync(Short(ScenarioKind.BulkUpdate) with { Target = TargetKind.Http, Url = http.BaseAddress, Json = JsonFile("lossy") }, http);

        Assert.Equal(1, lossy.Lost);
        Assert.True(report.Results.Verification.AcknowledgedChanges > 0);
    }

    /// <summary>Answers the first request to one path with 503, after or instead of sending it on.</summary>
    private sealed class LoseFirstAnswer(string path, bool forwardFirst) : DelegatingHandler
    {
        public int Lost { get; private set; }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (Lost == 0 && request.RequestUri!.AbsolutePath == path)
            {
                Lost++;
                if (forwardFirst)
                {
                    using var applied = await base.SendAsync(request, cancellationToken);
                    Assert.True(applied.IsSuccessStatusCode);
                }

                return new HttpResponseMessage(System.Net.HttpStatusCode.ServiceUnavailable);
            }

            return await base.SendAsync(request, cancellationToken);
        }
    }

    [Fact]
    public async Task On_postgresql_the_bulk_update_is_compared_with_the_sql_baseline_in_the_same_run()
    {
        await using var database = await TestDatabase.CreateAsync();
        var options = Short(ScenarioKind.BulkUpdate) with
        {
            Storage = StorageKind.Postgres,
            ConnectionString = database.ConnectionString,
            CompareSql = true,
            Items = 200,
            Json = JsonFile("postgres"),
        };

        var (report, json) = await RunAsync(options);

        AssertHasEveryField(json, baseline: true);
        Assert.Equal("sql-baseline", report.Baseline!.Scenario);
        Assert.Equal("sql-baseline-history", report.HistoryBaseline!.Scenario);
        Assert.Equal(options.Items, report.Results.Verification.StoredLedger!.Items);
        Assert.Empty(report.Results.Verification.StoredLedger.Problems);
        Assert.True(report.Results.Store!.Batches > 0);
    }

    [Fact]
    public async Task With_retry_each_change_carries_an_operation_id_and_a_change_applied_twice_is_named()
    {
        await using var database = await TestDatabase.CreateAsync();
        var options = Short(ScenarioKind.BulkUpdate) with
        {
            Storage = StorageKind.Postgres,
            ConnectionString = database.ConnectionString,
            Retry = true,
            Items = 100,
            Json = JsonFile("retry"),
        };

        var (report, json) = await RunAsync(options);

        Assert.True(json["options"]!["retry"]!.GetValue<bool>());
        Assert.Equal(0, report.Results.Verification.UncertainChanges);
        Assert.Empty(report.Results.Verification.StoredLedger!.Problems);

        // Every change of the run is recorded with its operation id; make one item's second change
        // look like its first applied again, and the check must say so.
        await using var data = NpgsqlDataSource.Create(database.ConnectionString);
        await using (var unlabelled = data.CreateCommand("SELECT count(*) FROM inventory_item_changes WHERE operation_id IS NULL"))
        {
            Assert.Equal(0L, await unlabelled.ExecuteScalarAsync());
        }

        string itemId;
        await using (var duplicate = data.CreateCommand("""
            UPDATE inventory_item_changes c SET operation_id = first.operation_id
            FROM inventory_item_changes first
            WHERE c.tenant = first.tenant AND c.item_id = first.item_id AND first.revision = 1 AND c.revision = 2
              AND c.item_id = (SELECT min(item_id) FROM inventory_item_changes WHERE revision = 2)
            RETURNING c.item_id
            """))
        {
            itemId = (string)(await duplicate.ExecuteScalarAsync())!;
        }

        var check = await StoredLedgerCheck.RunAsync(data, options.Tenant, [itemId]);
        var problem = Assert.Single(check.Problems);
        Assert.StartsWith($"{itemId}: operation ", problem, StringComparison.Ordinal);
        Assert.EndsWith("applied twice, at revisions 1 and 2", problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_sql_baseline_runs_on_its_own()
    {
        await using var database = await TestDatabase.CreateAsync();

        var (_, json) = await RunAsync(Short(ScenarioKind.SqlBaseline) with { ConnectionString = database.ConnectionString, Json = JsonFile("sql") });

        AssertHasEveryField(json);
    }

    public void Dispose() => _output.Delete(recursive: true);
}
