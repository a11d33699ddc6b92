using System.Globalization;
using InventoryGrains.LoadTest.Measurement;
using Spectre.Console;

namespace InventoryGrains.LoadTest.Reporting;

/// <summary>The live line per second and the summary table.</summary>
public static class ConsoleReport
{
    /// <summary>One line per interval; <paramref name="phase"/> tells a warm-up line from a measured one.</summary>
    public static void Interval(IAnsiConsole console, string phase, IntervalFigures figures) =>
        console.MarkupLineInterpolated(CultureInfo.InvariantCulture,
            $"[grey]{phase} {figures.AtSeconds,6:F1}s[/]  items/s [bold]{figures.ItemsPerSecond,10:N0}[/]  bulks/s {figures.BulksPerSecond,8:N1}  errors {figures.Errors,6:N0}  p50 {figures.Latency.P50Ms,8:N1} ms  p99 {figures.Latency.P99Ms,8:N1} ms  max {figures.Latency.MaxMs,8:N1} ms");

    public static void Created(IAnsiConsole console, string scenario, int done, int total) =>
        console.MarkupLineInterpolated(CultureInfo.InvariantCulture, $"[grey]{scenario} creating items[/] {done,8:N0} / {total:N0}");

    public static void Summary(IAnsiConsole console, LoadTestReport report)
    {
        var table = new Table().Title($"{report.Scenario} — {report.Target}").AddColumns(
            "run", "items/s", "bulks/s", "p50 ms", "p95 ms", "p99 ms", "max ms", "errors", "verification");
        foreach (var result in report.Runs)
        {
            var f = result.Figures;
            table.AddRow(
                Markup.Escape(result.Scenario),
                Number(f.ItemsPerSecond, "N0"),
                Number(f.BulksPerSecond, "N1"),
                Number(f.Latency.P50Ms, "N2"),
                Number(f.Latency.P95Ms, "N2"),
                Number(f.Latency.P99Ms, "N2"),
                Number(f.Latency.MaxMs, "N2"),
                Markup.Escape(f.Errors.Count == 0 ? "0" : string.Join(", ", f.Errors.Select(e => $"{e.Key} {e.Value}"))),
                result.Verification.Verified ? "[green]verified[/]" : $"[red]{result.Verification.DisagreeingItems} items disagree[/]");
        }

        console.Write(table);
        if (report.Results.Figures.Repeated.Count > 0)
        {
            console.MarkupLineInterpolated(CultureInfo.InvariantCulture,
                $"repeated with their idempotency keys: {string.Join(", ", report.Results.Figures.Repeated.Select(e => $"{e.Key} {e.Value}"))}");
        }
        if (report.Ratio is { } ratio)
        {
            console.MarkupLineInterpolated(CultureInfo.InvariantCulture,
                $"grain cluster / SQL baseline: items/s × {ratio.ItemsPerSecond:F3}, p99 latency × {ratio.P99:F2}");
        }

        if (report.DecrementRatio is { } decrement)
        {
            console.MarkupLineInterpolated(CultureInfo.InvariantCulture,
                $"quantity operations / Wix bulk decrements of as many entries: items/s × {decrement.ItemsPerSecond:F3}, p99 latency × {decrement.P99:F2}");
        }

        if (report.HistoryRatio is { } history)
        {
            console.MarkupLineInterpolated(CultureInfo.InvariantCulture,
                $"grain cluster / SQL baseline with a history row per change: items/s × {history.ItemsPerSecond:F3}, p99 latency × {history.P99:F2}");
        }

        if (report.WebhookRatio is { } webhookRatio && report.Webhook is { } webhook)
        {
            console.MarkupLineInterpolated(CultureInfo.InvariantCulture,
                $"with a webhook / without (means of the runs, A B B A): items/s × {webhookRatio.ItemsPerSecond:F3}, p99 latency × {webhookRatio.P99:F2}; the receiver got {webhook.Deliveries:N0} signed deliveries of {webhook.Changes:N0} changes ({webhook.Repeats:N0} repeated), the last {(webhook.CatchUpSeconds is { } lag ? $"{lag:N1} s after the load ended" : "never")}");
            foreach (var problem in webhook.Problems)
            {
                console.MarkupLineInterpolated($"[red]webhook: {problem}[/]");
            }
        }

        if (report.Results.Verification.Measured is { Count: > 0 } measured)
        {
            console.MarkupLine(string.Join(", ", measured.Select(figure => string.Create(CultureInfo.InvariantCulture, $"{figure.Key} {figure.Value:N1}"))));
        }

        if (report.Results.Verification.StoredLedger is { } ledger)
        {
            var verdict = ledger.Problems.Count == 0
                ? "[green]agree[/]"
                : string.Create(CultureInfo.InvariantCulture, $"[red]{ledger.Problems.Count} disagreements[/]");
            console.MarkupLine(string.Create(CultureInfo.InvariantCulture,
                $"stored rows against their ledgers: {ledger.Items:N0} items, {ledger.Entries:N0} ledger entries, {verdict}"));
        }

        if (report.Results.Verification.Feed is { } feed)
        {
            var verdict = feed.Problems.Count == 0
                ? "[green]agrees[/]"
                : string.Create(CultureInfo.InvariantCulture, $"[red]{feed.Problems.Count} disagreements[/]");
            console.MarkupLine(string.Create(CultureInfo.InvariantCulture,
                $"change feed walked: {feed.Met:N0} of {feed.Expected:N0} changes of the run's items ({feed.Walked:N0} read) in {feed.Took.TotalSeconds:N1} s, {verdict}"));
        }

        if (report.Results.Store is { } store)
        {
            console.MarkupLineInterpolated(CultureInfo.InvariantCulture,
                $"item store{(store.Source == StoreFigures.InProcess ? "" : $" (from {store.Source}; percentiles from histogram buckets)")}: {store.Batches:N0} write batches, {store.MeanBatchSize:N1} writes each on average (median {store.MedianBatchSize:N0}, max {store.MaxBatchSize:N0}); queue wait p50 {store.QueueWait.P50Ms:N1} ms p99 {store.QueueWait.P99Ms:N1} ms; commit p50 {store.Flush.P50Ms:N1} ms p99 {store.Flush.P99Ms:N1} ms; {store.FailedBatches} failed");
        }

        foreach (var result in report.Runs)
        {
            foreach (var disagreement in result.Verification.Disagreements)
            {
                console.MarkupLineInterpolated($"[red]{result.Scenario}: {disagreement}[/]");
            }
        }

        console.MarkupLine(report.Verified ? "[green]verified[/]" : "[red]NOT verified[/]");
    }

    private static string Number(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);
}
