using System.Runtime.InteropServices;
using InventoryGrains.LoadTest.Measurement;
using InventoryGrains.LoadTest.Scenarios;

namespace InventoryGrains.LoadTest.Reporting;

/// <summary>One run, as printed and as written by <c>--json</c>.</summary>
/// <param name="Baseline">With <c>--compare-sql</c>: the same bulk update as one plain SQL statement per bulk.</param>
/// <param name="HistoryBaseline">With <c>--compare-sql</c>: the same, also appending one history row per change.</param>
public sealed record LoadTestReport(
    string Scenario,
    string Target,
    string Storage,
    RunSettings Options,
    MachineDescription Machine,
    ScenarioResult Results,
    ScenarioResult? Baseline,
    BaselineRatio? Ratio,
    ScenarioResult? HistoryBaseline = null,
    BaselineRatio? HistoryRatio = null)
{
    /// <summary>With <c>--webhook</c>: the same bulk update twice more, with a webhook registered.</summary>
    public IReadOnlyList<ScenarioResult>? WithWebhook { get; init; }

    /// <summary>With <c>--webhook</c>: the same bulk update once more, without the webhook.</summary>
    public ScenarioResult? AfterWebhook { get; init; }

    /// <summary>With <c>--webhook</c>: the mean items/s and p99 of the runs with it divided by those of the runs without it, before and after them.</summary>
    public BaselineRatio? WebhookRatio { get; init; }

    /// <summary>With <c>--compare-decrement</c>: Wix bulk decrements of as many entries, on the same items, right after.</summary>
    public ScenarioResult? DecrementComparison { get; init; }

    /// <summary>The quantity operations' items/s and p99 divided by the decrements'.</summary>
    public BaselineRatio? DecrementRatio { get; init; }

    /// <summary>With <c>--webhook</c>: what the receiver got.</summary>
    public Webhooks.WebhookFigures? Webhook { get; init; }

    public bool Verified =>
        Results.Verification.Verified && Baseline?.Verification.Verified != false && HistoryBaseline?.Verification.Verified != false
        && (WithWebhook ?? []).All(run => run.Verification.Verified) && AfterWebhook?.Verification.Verified != false && Webhook?.Problems.Count is null or 0;

    [System.Text.Json.Serialization.JsonIgnore]
    public IEnumerable<ScenarioResult> Runs => new[] { Results }.Concat(WithWebhook ?? []).Concat(new[] { AfterWebhook, Baseline, HistoryBaseline, DecrementComparison }.OfType<ScenarioResult>());
}

/// <param name="Store">The item store's write batches in this process during the run (an in-process silo), else null.</param>
public sealed record ScenarioResult(string Scenario, RunFigures Figures, Verification Verification, StoreFigures? Store = null);

/// <param name="ItemsPerSecond">Grain-side items/s divided by the baseline's.</param>
/// <param name="P99">Grain-side p99 bulk latency divided by the baseline's.</param>
public sealed record BaselineRatio(double ItemsPerSecond, double P99)
{
    public static BaselineRatio Of(ScenarioResult results, ScenarioResult baseline) => Of(results, baseline.Figures.ItemsPerSecond, baseline.Figures.Latency.P99Ms);

    public static BaselineRatio Of((double ItemsPerSecond, double P99Ms) results, (double ItemsPerSecond, double P99Ms) baseline) => new(
        Math.Round(results.ItemsPerSecond / Math.Max(baseline.ItemsPerSecond, 1e-9), 4),
        Math.Round(results.P99Ms / Math.Max(baseline.P99Ms, 1e-9), 3));

    /// <summary>The mean items/s and p99 of two runs.</summary>
    public static (double ItemsPerSecond, double P99Ms) Mean(ScenarioResult first, ScenarioResult second) =>
        ((first.Figures.ItemsPerSecond + second.Figures.ItemsPerSecond) / 2, (first.Figures.Latency.P99Ms + second.Figures.Latency.P99Ms) / 2);

    private static BaselineRatio Of(ScenarioResult results, double itemsPerSecond, double p99Ms) =>
        Of((results.Figures.ItemsPerSecond, results.Figures.Latency.P99Ms), (itemsPerSecond, p99Ms));
}

public sealed record RunSettings(
    int Items, int BulkSize, int Concurrency, int HotItems, int InitialStock, double WarmupSeconds, double DurationSeconds, int Seed, bool Retry)
{
    public static RunSettings From(LoadTestOptions options) => new(
        options.Items, options.BulkSize, options.Concurrency, options.HotItems, options.InitialStock,
        options.Warmup.TotalSeconds, options.Duration.TotalSeconds, options.Seed, options.Retry);
}

public sealed record MachineDescription(int Cores, long MemoryBytes, string Os, string Dotnet, string Architecture, bool ServerGc)
{
    public static MachineDescription Current() => new(
        Environment.ProcessorCount,
        GC.GetGCMemoryInfo().TotalAvailableMemoryBytes,
        RuntimeInformation.OSDescription,
        RuntimeInformation.FrameworkDescription,
        RuntimeInformation.ProcessArchitecture.ToString(),
        System.Runtime.GCSettings.IsServerGC);
}
