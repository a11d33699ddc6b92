using System.Diagnostics;
using System.Globalization;
using System.Net;
using InventoryGrains.Hosting.Database;
using InventoryGrains.LoadTest;
using InventoryGrains.Testing;
using Npgsql;
using Spectre.Console.Testing;
using Xunit.Abstractions;

namespace InventoryGrains.Silo.Tests;

/// <summary>
/// PostgreSQL stops for a few seconds under HTTP load on a silo + API process: changes fail with
/// UNAVAILABLE in well-formed answers (no 500), nothing acknowledged is lost, the service carries on
/// once the database is back without a restart, and every item's stored version equals the revision
/// the service holds in memory. A client that repeats its unknown outcomes with their idempotency
/// keys ends with every change applied exactly once.
/// </summary>
[Collection(RealProcesses.Name)]
public sealed class DatabaseOutageTests(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly TimeSpan OutageAfter = TimeSpan.FromSeconds(4);
    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(5);

    private DedicatedPostgres? _postgres;
    private ServiceProcess? _api;

    public async Task InitializeAsync()
    {
        _postgres = await DedicatedPostgres.StartAsync();
        await DatabaseSchema.ApplyAsync(_postgres.ConnectionString);
    }

    public async Task DisposeAsync()
    {
        if (_api is not null)
        {
            output.WriteLine(_api.Output.Length > 20_000 ? _api.Output[^20_000..] : _api.Output);
            await _api.DisposeAsync();
        }

        if (_postgres is not null)
        {
            await _postgres.DisposeAsync();
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_database_outage_under_load_fails_changes_cleanly_and_the_service_resumes_without_a_restart(bool retry)
    {
        var port = FreePort.Next();
        _api = ServiceProcess.Start("api", "InventoryGrains.Api", new Dictionary<string, string>
        {
            ["ConnectionStrings__Inventory"] = _postgres!.ConnectionString,
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}",
            ["Inventory__Cluster__SiloPort"] = FreePort.Next().ToString(CultureInfo.InvariantCulture),
            ["Inventory__Cluster__GatewayPort"] = FreePort.Next().ToString(CultureInfo.InvariantCulture),
            ["Inventory__ApiKeys__0__Key"] = "outage-key",
            ["Inventory__ApiKeys__0__Tenant"] = "shop-1",
            ["Logging__LogLevel__Orleans"] = "Warning",
        });
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        await Eventually.HoldsAsync(async () => (await http.GetAsync("/health/ready")).StatusCode == HttpStatusCode.OK, PostgresCluster.StartTimeout, "the API to be ready");

        var pausedAt = TimeSpan.Zero;
        var resumedAt = TimeSpan.Zero;
        var notReadyDuringOutage = false;
        async Task OutageAsync()
        {
            var clock = Stopwatch.StartNew();

            // The outage is placed on the load's timeline; nothing to await before it.
            await Task.Delay(OutageAfter);
            await _postgres.PauseAsync();
            pausedAt = clock.Elapsed;
            notReadyDuringOutage = await Eventually.ReturnsAsync(
                async () => (await http.GetAsync("/health/ready")).StatusCode != HttpStatusCode.OK, ok => ok, Outage, "readiness to report the database");
            await Task.Delay(Outage - (clock.Elapsed - pausedAt));
            await _postgres.ResumeAsync();
            resumedAt = clock.Elapsed;
        }

        var options = new LoadTestOptions
        {
            Scenario = ScenarioKind.BulkUpdate,
            Target = TargetKind.Http,
            Url = http.BaseAddress,
            ApiKey = "outage-key",
            ConnectionString = _postgres.ConnectionString,
            Items = 400,
            BulkSize = 50,
            Concurrency = 4,
            Warmup = TimeSpan.Zero,
            Duration = TimeSpan.FromSeconds(22),
            Live = false,
            Retry = retry,
        };
        using var loadClient = new HttpClient { BaseAddress = http.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        var console = new TestConsole();
        var report = await LoadTestRunner.RunAsync(options, console, loadClient, OutageAsync);
        output.WriteLine(console.Output);

        var results = report.Results;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"outage {pausedAt.TotalSeconds:F1}–{resumedAt.TotalSeconds:F1} s; errors {string.Join(", ", results.Figures.Errors.Select(e => $"{e.Key} {e.Value}"))}; repeated {string.Join(", ", results.Figures.Repeated.Select(e => $"{e.Key} {e.Value}"))}"));
        foreach (var interval in results.Figures.Timeline)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{interval.AtSeconds,6:F1} s  {interval.Items,6} items  {interval.Errors,5} errors"));
        }

        Assert.True(results.Verification.Verified, string.Join("\n", results.Verification.Disagreements));
        Assert.Equal(options.Items, results.Verification.StoredLedger!.Items);
        Assert.True(notReadyDuringOutage);
        var failures = retry ? results.Figures.Repeated : results.Figures.Errors;
        Assert.True(failures.GetValueOrDefault("UNAVAILABLE") + failures.GetValueOrDefault("HTTP_503") > 0, "the outage was meant to fail changes");
        Assert.DoesNotContain(failures.Keys, code => code is "HTTP_500" or "TRANSPORT");
        if (retry)
        {
            // Every change was repeated until it was definite, and then it had been applied once.
            Assert.Empty(results.Figures.Errors);
            Assert.Equal(0, results.Verification.UncertainChanges);
        }
        else
        {
            Assert.DoesNotContain(failures.Keys, code => code.StartsWith("HTTP_5", StringComparison.Ordinal));
        }

        // Connections broken by the outage are found and replaced on first use: allow a few seconds.
        var tail = results.Figures.Timeline.Where(t => t.AtSeconds > resumedAt.TotalSeconds + 5).ToList();
        Assert.NotEmpty(tail);
        Assert.All(tail, t => Assert.True(t.Items > 0 && t.Errors == 0, $"at {t.AtSeconds} s: {t.Items} items, {t.Errors} errors"));

        // Memory and database agree: each item's stored revision is the one the service serves.
        var diverged = 0;
        using var reader = new HttpClient { BaseAddress = http.BaseAddress }.WithApiKey("outage-key");
        await using var database = NpgsqlDataSource.Create(_postgres.ConnectionString);
        foreach (var item in await StoredRevisionsAsync(database))
        {
            using var response = await reader.GetAsync($"/stores/v3/inventory-items/{item.Id}");
            var revision = System.Text.Json.Nodes.JsonNode.Parse(await response.Content.ReadAsStringAsync())!["inventoryItem"]!["revision"]!.GetValue<string>();
            if (long.Parse(revision, CultureInfo.InvariantCulture) != item.Revision)
            {
                diverged++;
            }
        }

        Assert.Equal(0, diverged);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"outage {pausedAt.TotalSeconds:F1}–{resumedAt.TotalSeconds:F1} s; acknowledged {results.Verification.AcknowledgedChanges}, lost 0; errors {string.Join(", ", results.Figures.Errors.Select(e => $"{e.Key} {e.Value}"))}; diverged items 0"));
    }

    private static async Task<List<(string Id, long Revision)>> StoredRevisionsAsync(NpgsqlDataSource database)
    {
        var rows = new List<(string, long)>();
        await using var command = database.CreateCommand("SELECT item_id, revision FROM inventory_items WHERE tenant = 'shop-1'");
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add((reader.GetString(0), reader.GetInt64(1)));
        }

        return rows;
    }
}
