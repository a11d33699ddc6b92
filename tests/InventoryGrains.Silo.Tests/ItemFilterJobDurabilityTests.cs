using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using InventoryGrains.Testing;
using Xunit.Abstractions;

namespace InventoryGrains.Silo.Tests;

/// <summary>
/// A Wix by-filter job on the PostgreSQL cluster whose silo is killed between pages: its reminder
/// restarts it on the survivor from the last stored page, and no item is changed twice.
/// </summary>
[Collection(RealProcesses.Name)]
public sealed class ItemFilterJobDurabilityTests(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly TimeSpan JobTimeout = TimeSpan.FromSeconds(120);

    private PostgresCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await PostgresCluster.CreateAsync(output);

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task A_job_whose_silo_is_killed_between_pages_resumes_on_the_survivor_and_changes_every_item_once()
    {
        // Pages of 1000 with a pause between them leave time to kill the silo after the first. (The
        // by-filter jobs take their settings from Inventory:ItemJobs, not the policy jobs' section.)
        var silos = await _cluster.StartSilosAsync(new Dictionary<string, string>
        {
            ["Inventory__ItemJobs__BatchSize"] = "1000",
            ["Inventory__ItemJobs__BatchInterval"] = "00:00:05",
            ["Inventory__ItemJobs__ResumeCheckPeriod"] = "00:00:02",
        }, "silo-a", "silo-b");
        using var http = await _cluster.StartApiAsync("durability-key", "shop-1");

        const int Items = 2500;
        for (var first = 0; first < Items; first += 1000)
        {
            var entries = string.Join(',', Enumerable.Range(first, Math.Min(1000, Items - first)).Select(i => $$"""{"variantId":"v-{{i}}","productId":"durable","quantity":0}"""));
            using var created = await http.PostAsync("/stores/v3/bulk/inventory-items/create", new StringContent($$"""{"inventoryItems":[{{entries}}]}""", Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        }

        using var started = await http.PostAsync("/stores/v3/bulk/inventory-items/adjust-by-filter",
            new StringContent("""{"filter":{"productId":"durable"},"adjustment":{"incrementBy":1}}""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, started.StatusCode);
        var jobId = (await started.Content.ReadFromJsonAsync<JsonObject>())!["jobId"]!.GetValue<string>();

        // Whichever silo logs the first stored page runs the job: kill it before the second.
        var firstPage = $"Item filter job {jobId} stored page 1 ";
        var waits = silos.Select(silo => silo.WaitForOutputAsync(firstPage, JobTimeout)).ToList();
        var finished = await Task.WhenAny(waits);
        await finished;
        var host = silos[waits.IndexOf(finished)];
        var survivor = silos.Single(silo => silo != host);
        await host.KillAsync();
        Assert.DoesNotContain($"Item filter job {jobId} stored page 2 ", host.Output, StringComparison.Ordinal);

        // Nothing reads the job until the survivor finished it: the resume comes from its reminder.
        await survivor.WaitForOutputAsync($"Item filter job {jobId} completed", JobTimeout);

        var job = await Eventually.ReturnsAsync(
            async () => await http.GetFromJsonAsync<JsonObject>($"/v1/inventory-item-jobs/{jobId}"),
            j => j?["state"]?.GetValue<string>() == "COMPLETED", JobTimeout, "the job to complete after the kill");
        Assert.Equal(Items, job!["succeeded"]!.GetValue<long>());
        Assert.Equal(0, job["failed"]!.GetValue<long>());

        // Every item changed exactly once, also those of a page that ran again.
        using var once = await http.PostAsync("/stores/v3/inventory-items/count",
            new StringContent("""{"filter":{"productId":"durable","quantity":1}}""", Encoding.UTF8, "application/json"));
        Assert.Equal(Items, (await once.Content.ReadFromJsonAsync<JsonObject>())!["count"]!.GetValue<long>());
    }
}
