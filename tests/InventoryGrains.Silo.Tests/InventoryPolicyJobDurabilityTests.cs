using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using InventoryGrains.Testing;
using Xunit.Abstractions;

namespace InventoryGrains.Silo.Tests;

/// <summary>
/// A bulk inventory-policy job on the PostgreSQL cluster whose silo is killed between batches:
/// the plan's reminder restarts it on the survivor from its last stored batch.
/// </summary>
[Collection(RealProcesses.Name)]
public sealed class InventoryPolicyJobDurabilityTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string Base = "/api/v1/external";
    private static readonly TimeSpan JobTimeout = TimeSpan.FromSeconds(120);

    private PostgresCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await PostgresCluster.CreateAsync(output);

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task A_job_whose_silo_is_killed_between_batches_resumes_on_the_survivor_and_completes()
    {
        // A pause between batches leaves time to kill the silo after the first one is stored.
        var silos = await _cluster.StartSilosAsync(new Dictionary<string, string>
        {
            ["Inventory__Jobs__BatchInterval"] = "00:00:03",
            ["Inventory__Jobs__ResumeCheckPeriod"] = "00:00:02",
        }, "silo-a", "silo-b");
        using var http = await _cluster.StartApiAsync("durability-key", "shop-1");

        var created = await http.PostAsync($"{Base}/preorders", JsonContent.Create(new { selling_plan = new { name = "Durable" } }));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var planId = (await created.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>();
        var variants = Enumerable.Range(1, 2500).Select(i => 7_000_000_000L + i).ToArray();
        var associated = await http.PostAsync($"{Base}/preorders/{planId}/variants", JsonContent.Create(new { shopify_variant_ids = variants }));
        Assert.Equal(HttpStatusCode.OK, associated.StatusCode);

        var queued = await http.PostAsync($"{Base}/preorders/{planId}/bulk_toggle_inventory_policy",
            JsonContent.Create(new { shopify_variant_ids = variants, inventory_policy = "CONTINUE" }));
        Assert.Equal(HttpStatusCode.OK, queued.StatusCode);
        var jobId = (await queued.Content.ReadFromJsonAsync<JsonObject>())!["job_id"]!.GetValue<string>();

        // Whichever silo logs the first stored batch runs the job: kill it before the second.
        var firstBatch = $"Inventory policy job {jobId} stored batch 1/3";
        var waits = silos.Select(silo => silo.WaitForOutputAsync(firstBatch, JobTimeout)).ToList();
        var finished = await Task.WhenAny(waits);
        await finished;
        var host = silos[waits.IndexOf(finished)];
        var survivor = silos.Single(silo => silo != host);
        await host.KillAsync();
        Assert.DoesNotContain($"Inventory policy job {jobId} stored batch 2/3", host.Output, StringComparison.Ordinal);

        // Nothing reads the job or its plan until the survivor has finished it: the resume must
        // come from the plan's reminder, not from a status call reactivating the job.
        await survivor.WaitForOutputAsync($"Inventory policy job {jobId} stored batch 3/3", JobTimeout);

        var job = await Eventually.ReturnsAsync(
            async () => await ReadAsync(http, $"{Base}/preorders/{planId}/jobs/{jobId}"),
            j => j?["state"]?.GetValue<string>() == "completed", JobTimeout, "the job to complete after the kill");
        Assert.Equal(3, job!["batches_done"]!.GetValue<int>());
        Assert.Equal(2500, job["processed"]!.GetValue<int>());
        Assert.Contains($"Inventory policy job {jobId} stored batch 2/3", survivor.Output, StringComparison.Ordinal);

        await Eventually.HoldsAsync(
            async () => (await ReadAsync(http, $"{Base}/preorders/{planId}"))?["ongoing_job"]?.GetValue<bool>() == false,
            JobTimeout, "ongoing_job to turn false");

        // No variant is left with the old policy.
        using var slots = new SemaphoreSlim(16);
        var policies = await Task.WhenAll(variants.Select(async id =>
        {
            await slots.WaitAsync();
            try
            {
                return (id, (await ReadAsync(http, $"{Base}/variants/{id}"))?["inventory_policy"]?.GetValue<string>());
            }
            finally
            {
                slots.Release();
            }
        }));
        Assert.DoesNotContain(policies, p => p.Item2 != "CONTINUE");
    }

    private static async Task<JsonObject?> ReadAsync(HttpClient http, string path)
    {
        var response = await http.GetAsync(path);
        return response.StatusCode == HttpStatusCode.OK ? await response.Content.ReadFromJsonAsync<JsonObject>() : null;
    }
}
