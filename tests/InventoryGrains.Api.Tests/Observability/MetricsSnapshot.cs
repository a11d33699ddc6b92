extern alias loadtest;

using System.Net;
using loadtest::InventoryGrains.LoadTest.Measurement;

namespace InventoryGrains.Api.Tests.Observability;

/// <summary>One scrape of <c>/metrics</c>, read back into samples.</summary>
public sealed class MetricsSnapshot(IReadOnlyList<PrometheusSample> samples)
{
    public static async Task<MetricsSnapshot> ScrapeAsync(HttpClient client)
    {
        var response = await client.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return new MetricsSnapshot(PrometheusText.Parse(await response.Content.ReadAsStringAsync()));
    }

    public IReadOnlySet<string> Names => samples.Select(s => s.Name).ToHashSet(StringComparer.Ordinal);

    /// <summary>The sum of every series named <paramref name="name"/> whose labels include <paramref name="labels"/>.</summary>
    public double Value(string name, params (string Label, string Value)[] labels) =>
        samples.Where(s => s.Name == name && labels.All(l => s.Label(l.Label) == l.Value)).Sum(s => s.Value);

    /// <summary>How much a series grew since an earlier scrape.</summary>
    public double Since(MetricsSnapshot earlier, string name, params (string Label, string Value)[] labels) =>
        Value(name, labels) - earlier.Value(name, labels);
}
