using InventoryGrains.Abstractions;
using InventoryGrains.Abstractions.SellingPlans;
using InventoryGrains.Abstractions.Variants;
using InventoryGrains.Grains.Tests.Inventory;
using InventoryGrains.Testing;

namespace InventoryGrains.Grains.Tests.SellingPlans;

public sealed class SellingPlanGrainTests(InventoryClusterFixture fixture) : IClassFixture<InventoryClusterFixture>
{
    private static readonly TimeSpan JobTimeout = TimeSpan.FromSeconds(30);
    private readonly string _tenant = $"tenant-{Guid.NewGuid():N}";

    private ISellingPlanGrain Plan(string id) => fixture.Grains.GetGrain<ISellingPlanGrain>(TenantKey.Format(_tenant, id));

    private IVariantGrain Variant(long id) => fixture.Grains.GetGrain<IVariantGrain>(VariantKey.Format(_tenant, id));

    private static SellingPlanPatch Named(string name) =>
        new(new SellingPlanSettings { Name = name }, [nameof(SellingPlanSettings.Name)], new Dictionary<string, string>());

    /// <summary>Runs <paramref name="action"/> while every write of one grain type fails.</summary>
    private async Task<T> WhileWritesFailAsync<T>(string grainType, Func<Task<T>> action)
    {
        fixture.Storage.FailWritesFor = id => id.Type.ToString() == grainType;
        try
        {
            return await action();
        }
        finally
        {
            fixture.Storage.FailWritesFor = null;
        }
    }

    [Fact]
    public async Task A_failed_write_is_reported_unavailable_and_leaves_the_plan_as_it_was()
    {
        var plan = Plan("write-fails");
        await plan.CreateAsync(Named("Before"));

        var failed = await WhileWritesFailAsync("sellingplan", () => plan.UpdateAsync(Named("After")));

        Assert.Equal(SellingPlanErrorCode.Unavailable, failed.Error!.Code);
        Assert.Equal("Before", (await plan.GetAsync()).Plan!.Settings.Name);
        Assert.Equal("After", (await plan.UpdateAsync(Named("After"))).Plan!.Settings.Name);
    }

    [Fact]
    public async Task A_variant_that_cannot_be_told_leaves_the_association_unchanged_and_a_retry_completes_it()
    {
        var plan = Plan("association-retry");
        await plan.CreateAsync(Named("Plan"));

        var failed = await WhileWritesFailAsync("variant", () => plan.AddVariantsAsync([11, 12]));

        Assert.Equal(SellingPlanErrorCode.Unavailable, failed.Error!.Code);
        Assert.Empty((await plan.GetAsync()).Plan!.VariantIds);

        Assert.Equal([11L, 12L], (await plan.AddVariantsAsync([11, 12])).Plan!.VariantIds);
        Assert.Equal(["association-retry"], (await Variant(11).GetAsync()).SellingPlanIds);
    }

    [Fact]
    public async Task Setting_the_same_policy_again_changes_nothing()
    {
        var variant = Variant(21);
        await variant.SetInventoryPolicyAsync(InventoryPolicy.Continue);
        var first = await variant.GetAsync();

        await variant.SetInventoryPolicyAsync(InventoryPolicy.Continue);

        var second = await variant.GetAsync();
        Assert.Equal(InventoryPolicy.Continue, second.InventoryPolicy);
        Assert.Equal(first.UpdatedAt, second.UpdatedAt);
    }

    [Fact]
    public async Task A_job_whose_batch_keeps_failing_ends_failed_and_the_plans_next_job_still_runs()
    {
        var plan = Plan("failing-job");
        await plan.CreateAsync(Named("Plan"));
        await plan.AddVariantsAsync([31, 32, 33]);

        var failed = (await WhileWritesFailAsync("variant", async () =>
        {
            var ticket = (await plan.QueueInventoryPolicyJobAsync([31, 32, 33], InventoryPolicy.Continue)).Ticket!;
            return await Eventually.ReturnsAsync(() => Job(ticket.JobId).GetAsync(), j => j!.Finished, JobTimeout, "the failing job to give up");
        }))!;

        Assert.Equal(InventoryPolicyJobState.Failed, failed.State);
        Assert.Equal(0, failed.BatchesDone);
        Assert.Contains("failed 3 times", failed.Error, StringComparison.Ordinal);
        Assert.Equal(InventoryPolicy.Deny, (await Variant(31).GetAsync()).InventoryPolicy);
        await Eventually.ReturnsAsync(plan.GetAsync, r => !r.Plan!.OngoingJob, JobTimeout, "the plan to drop the failed job");

        var next = (await plan.QueueInventoryPolicyJobAsync([33], InventoryPolicy.Continue)).Ticket!;
        var completed = await Eventually.ReturnsAsync(() => Job(next.JobId).GetAsync(), j => j!.Finished, JobTimeout, "the next job to finish");
        Assert.Equal(InventoryPolicyJobState.Completed, completed!.State);
        Assert.Equal(InventoryPolicy.Continue, (await Variant(33).GetAsync()).InventoryPolicy);
    }

    [Fact]
    public async Task A_toggle_with_no_member_among_its_ids_completes_an_empty_job()
    {
        var plan = Plan("no-members");
        await plan.CreateAsync(Named("Plan"));

        var ticket = (await plan.QueueInventoryPolicyJobAsync([41, 42], InventoryPolicy.Continue)).Ticket!;

        Assert.Empty(ticket.VariantsQueued);
        var job = await Eventually.ReturnsAsync(() => Job(ticket.JobId).GetAsync(), j => j!.Finished, JobTimeout, "the empty job to finish");
        Assert.Equal(InventoryPolicyJobState.Completed, job!.State);
        Assert.Equal(0, job.BatchesTotal);
        Assert.Null((await Variant(41).GetAsync()).UpdatedAt);
    }

    private IInventoryPolicyJobGrain Job(string id) => fixture.Grains.GetGrain<IInventoryPolicyJobGrain>(TenantKey.Format(_tenant, id));
}
