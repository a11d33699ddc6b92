using System.Text.Json;
using InventoryGrains.LoadTest.Checking;
using InventoryGrains.LoadTest.Measurement;
using InventoryGrains.LoadTest.Reporting;
using InventoryGrains.LoadTest.Scenarios;
using InventoryGrains.LoadTest.Targets;
using InventoryGrains.LoadTest.Webhooks;
using InventoryGrains.Abstractions.Webhooks;
using Npgsql;
using Spectre.Console;

namespace InventoryGrains.LoadTest;

/// <summary>Prepares, warms up, runs, measures and verifies one load test.</summary>
public static class LoadTestRunner
{
    private static readonly TimeSpan Tick = TimeSpan.FromSeconds(1);

    public static JsonSerializerOptions JsonOptions { get; } = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    /// <summary>Why a run stopped, on one line: the message, and the causes an unexpected failure wraps.</summary>
    public static string OneLine(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var message = exception.Message;
        if (exception is not LoadTestException)
        {
            for (var inner = exception.InnerException; inner is not null; inner = inner.InnerException)
            {
                message = $"{message} ({inner.Message})";
            }
        }

        return message.ReplaceLineEndings(" ");
    }

    /// <param name="http">For the HTTP target: a client to use instead of one built from <c>--url</c>.</param>
    /// <param name="disturbance">
    /// Started when the measured run starts and run beside it (a silo kill, a database outage);
    /// the run ends when both have.
    /// </param>
    public static async Task<LoadTestReport> RunAsync(LoadTestOptions options, IAnsiConsole console, HttpClient? http = null, Func<Task>? disturbance = null)
    {
        ScenarioResult results;
        ScenarioResult? baseline = null;
        (IReadOnlyList<ScenarioResult> Runs, WebhookFigures Figures, ScenarioResult After)? webhookRun = null;
        ScenarioResult? decrement = null;
        string targetDescription;
        if (options.Scenario == ScenarioKind.SqlBaseline)
        {
            targetDescription = "PostgreSQL, one statement per bulk";
            results = await RunBaselineAsync(options, console);
        }
        else
        {
            await using var target = await LoadTargets.StartAsync(options, http);
            targetDescription = target.Description;
            LoadScenario scenario = options.Scenario switch
            {
                ScenarioKind.HotDecrement => new HotDecrementScenario(options, target),
                ScenarioKind.Mixed => new MixedScenario(options, target),
                ScenarioKind.Linearizability => new LinearizabilityScenario(options, target),
                ScenarioKind.Quantities => new QuantitiesScenario(options, target),
                ScenarioKind.Checkout => new CheckoutScenario(options, target),
                _ => new BulkUpdateScenario(options, target),
            };
            var feedStart = await target.FeedEndAsync();
            results = await RunScenarioAsync(scenario, options, console, disturbance);
            if (scenario.ItemIds.Count > 0 && await FeedCheck.RunAsync(target, feedStart, scenario.ItemIds) is { } feed)
            {
                results = results with { Verification = results.Verification.With(feed) };
            }

            if (options.ChecksStoredLedger)
            {
                await using var database = NpgsqlDataSource.Create(options.ConnectionString!);
                var ledger = await StoredLedgerCheck.RunAsync(database, await target.TenantAsync(), scenario.ItemIds);
                results = results with { Verification = results.Verification.With(ledger) };
            }

            if (options.Webhook)
            {
                webhookRun = await RunWithWebhookAsync(options, target, console);
            }

            if (options.CompareDecrement)
            {
                decrement = await RunScenarioAsync(new QuantitiesDecrementComparison(options, target, scenario.ItemIds), options, console);
            }
        }

        ScenarioResult? history = null;
        if (options.CompareSql && options.Scenario == ScenarioKind.BulkUpdate)
        {
            baseline = await RunBaselineAsync(options, console);
            history = await RunBaselineAsync(options, console, withHistory: true);
        }

        var report = new LoadTestReport(
            Kebab(options.Scenario), targetDescription, Kebab(options.Storage), RunSettings.From(options), MachineDescription.Current(), results,
            baseline, baseline is null ? null : BaselineRatio.Of(results, baseline),
            history, history is null ? null : BaselineRatio.Of(results, history))
        {
            WithWebhook = webhookRun?.Runs,
            AfterWebhook = webhookRun?.After,
            WebhookRatio = webhookRun is { } hooked ? BaselineRatio.Of(BaselineRatio.Mean(hooked.Runs[0], hooked.Runs[1]), BaselineRatio.Mean(results, hooked.After)) : null,
            Webhook = webhookRun?.Figures,
            DecrementComparison = decrement,
            DecrementRatio = decrement is null ? null : BaselineRatio.Of(results, decrement),
        };

        ConsoleReport.Summary(console, report);
        if (options.Json is { } file)
        {
            await File.WriteAllTextAsync(file.FullName, JsonSerializer.Serialize(report, JsonOptions));
        }

        return report;
    }

    /// <summary>
    /// The bulk update twice more, on new items, with a webhook registered to a receiver in this
    /// process (then given time to catch up with every change of those runs' items), and once more
    /// without one. Runs without and with the webhook alternate A B B A, so that a drift over the
    /// invocation (the database grows with every run) weighs on both sides alike.
    /// </summary>
    private static async Task<(IReadOnlyList<ScenarioResult> Runs, WebhookFigures Figures, ScenarioResult After)> RunWithWebhookAsync(LoadTestOptions options, ILoadTarget target, IAnsiConsole console)
    {
        var grains = target.Grains ?? throw new InvalidOperationException("--webhook needs the grain client.");
        var tenant = await target.TenantAsync();
        var runs = new List<ScenarioResult>();
        WebhookFigures figures;
        await using (var sink = await WebhookSink.StartAsync())
        {
            var creation = await grains.Webhooks(tenant).CreateAsync(sink.Url.ToString(), "load test receiver");
            if (creation is not { Webhook: { } webhook, Secret: { } secret })
            {
                throw new InvalidOperationException($"The webhook to {sink.Url} was refused: {creation.Refusal?.Message}");
            }

            sink.Secret = secret;
            try
            {
                var revisions = new Dictionary<string, long>(StringComparer.Ordinal);
                for (var round = 1; round <= 2; round++)
                {
                    var scenario = new BulkUpdateScenario(options, target);
                    var run = await RunScenarioAsync(scenario, options, console);
                    runs.Add(run with { Scenario = $"{run.Scenario} + webhook ({round})" });
                    var stored = await target.ReadAsync(scenario.ItemIds);
                    for (var i = 0; i < stored.Count; i++)
                    {
                        revisions[scenario.ItemIds[i]] = stored[i]?.Revision ?? 0;
                    }
                }

                figures = await sink.WaitForAsync(revisions, WebhookCatchUp);
            }
            finally
            {
                await grains.Webhooks(tenant).DeleteAsync(webhook.Id);
            }
        }

        var after = await RunScenarioAsync(new BulkUpdateScenario(options, target), options, console);
        return (runs, figures, after with { Scenario = $"{after.Scenario} again" });
    }

    private static readonly TimeSpan WebhookCatchUp = TimeSpan.FromMinutes(5);

    /// <summary>Reports on the caller's thread, at once (<see cref="Progress{T}"/> would post to the thread pool, out of order).</summary>
    private sealed class ImmediateProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }

    public static string Kebab<T>(T value) where T : struct, Enum => JsonNamingPolicy.KebabCaseLower.ConvertName(value.ToString());

    private static async Task<ScenarioResult> RunBaselineAsync(LoadTestOptions options, IAnsiConsole console, bool withHistory = false)
    {
        await using var baseline = new SqlBaselineScenario(options, withHistory);
        return await RunScenarioAsync(baseline, options, console);
    }

    private static async Task<ScenarioResult> RunScenarioAsync(LoadScenario scenario, LoadTestOptions options, IAnsiConsole console, Func<Task>? disturbance = null)
    {
        var live = options.Live ? console : null;
        if (live is not null)
        {
            scenario.CreationProgress = new ImmediateProgress<(int Done, int Total)>(p => ConsoleReport.Created(live, scenario.Name, p.Done, p.Total));
        }

        await scenario.PrepareAsync();
        if (options.Warmup > TimeSpan.Zero)
        {
            var warmup = new LoadRecorder();
            warmup.Start();
            await DriveAsync(scenario, options, warmup, options.Warmup, live, $"{scenario.Name} warm-up", options.Seed + 1000);
        }

        var recorder = new LoadRecorder();
        using var store = new StoreMetricsListener();
        using var metricsHttp = options.MetricsUrls.Count > 0 ? new HttpClient { Timeout = TimeSpan.FromSeconds(10) } : null;
        var remote = metricsHttp is null ? null : new RemoteStoreMetrics(metricsHttp, options.MetricsUrls);
        var before = remote is null ? null : await ScrapeAsync(remote, console);
        recorder.Start();
        await Task.WhenAll(
            DriveAsync(scenario, options, recorder, options.Duration, live, scenario.Name, options.Seed),
            disturbance?.Invoke() ?? Task.CompletedTask);
        recorder.Stop();
        var after = remote is null || before is null ? null : await ScrapeAsync(remote, console);
        var figures = recorder.Totals();
        var verification = await scenario.VerifyAsync();

        // Silos elsewhere are measured through their /metrics when asked for; a silo in this process exactly.
        var storeFigures = remote is null
            ? store.Figures()
            : before is not null && after is not null ? RemoteStoreMetrics.Between(before, after, string.Join(", ", options.MetricsUrls)) : null;
        return new ScenarioResult(scenario.Name, figures, verification, storeFigures);
    }

    /// <summary>The store's figures so far, or null (said on the console) when an endpoint cannot be read: the run goes on without them.</summary>
    private static async Task<StoreSnapshot?> ScrapeAsync(RemoteStoreMetrics remote, IAnsiConsole console)
    {
        try
        {
            return await remote.ScrapeAsync();
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException or FormatException)
        {
            console.MarkupLineInterpolated($"[yellow]--metrics-url: {string.Join(", ", remote.Endpoints)} could not be read ({exception.Message}); no item store figures from it.[/]");
            return null;
        }
    }

    /// <summary>Runs the workers for <paramref name="duration"/>, printing the last second's figures each second.</summary>
    private static async Task DriveAsync(LoadScenario scenario, LoadTestOptions options, LoadRecorder recorder, TimeSpan duration, IAnsiConsole? live, string phase, int seed)
    {
        using var stop = new CancellationTokenSource(duration);
        var workers = Enumerable.Range(0, options.Concurrency).Select(worker => Task.Run(async () =>
        {
            var random = new Random(seed * 7919 + worker);
            while (!stop.IsCancellationRequested)
            {
                await scenario.RunBulkAsync(worker, random, recorder);
            }
        })).ToList();

        var all = Task.WhenAll(workers);
        using var ticker = new PeriodicTimer(Tick);
        while (!all.IsCompleted)
        {
            var ticked = ticker.WaitForNextTickAsync().AsTask();
            if (await Task.WhenAny(all, ticked) == ticked)
            {
                var interval = recorder.TakeInterval();
                if (live is not null)
                {
                    ConsoleReport.Interval(live, phase, interval);
                }
            }
        }

        await all;
    }
}
