using InventoryGrains.Abstractions;
using InventoryGrains.Abstractions.Idempotency;
using InventoryGrains.Domain.Operations;
using InventoryGrains.Abstractions.SellingPlans;
using InventoryGrains.Abstractions.Variants;
using InventoryGrains.Grains.Persistence;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Runtime;

namespace InventoryGrains.Grains.SellingPlans;

/// <summary>
/// One selling plan, the source of truth for its settings, its variants and the order of its
/// inventory-policy jobs. Variants' own lists of plans follow it: they are changed first (each
/// change is idempotent) and the plan is stored last, so a failed call can simply be repeated.
/// </summary>
public sealed partial class SellingPlanGrain(
    [PersistentState("plan", StorageNames.Inventory)] IPersistentState<SellingPlanState> state,
    TimeProvider clock,
    IOptions<InventoryPolicyJobOptions> jobOptions,
    ILogger<SellingPlanGrain> logger)
    : Grain, ISellingPlanGrain, IRemindable
{
    private const string JobsReminder = "inventory-policy-jobs";

    private string Tenant => TenantKey.Parse(this.GetPrimaryKeyString()).Tenant;

    private string PlanId => TenantKey.Parse(this.GetPrimaryKeyString()).LocalId;

    public async Task<SellingPlanResult> CreateAsync(SellingPlanPatch settings)
    {
        if (state.State.Exists)
        {
            return SellingPlanResult.Fail(new SellingPlanError(SellingPlanErrorCode.AlreadyExists, "The selling plan already exists."));
        }

        var (applied, error) = SellingPlanRules.Apply(new SellingPlanSettings(), settings);
        if (error is not null)
        {
            return SellingPlanResult.Fail(error);
        }

        // Listed first: a plan whose write then fails leaves only an id that lists as nothing.
        if (!await TryAsync(() => Directory.AddAsync(PlanId)))
        {
            return SellingPlanResult.Fail(SellingPlanError.Unavailable());
        }

        var now = clock.GetUtcNow();
        var next = new SellingPlanState { Exists = true, Settings = applied!, CreatedAt = now, UpdatedAt = now };
        return await CommitAsync(next);
    }

    public Task<SellingPlanResult> GetAsync() => Task.FromResult(
        state.State.Live ? SellingPlanResult.Ok(View()) : SellingPlanResult.Fail(SellingPlanError.NotFound()));

    public async Task<SellingPlanResult> UpdateAsync(SellingPlanPatch patch)
    {
        if (!state.State.Live)
        {
            return SellingPlanResult.Fail(SellingPlanError.NotFound());
        }

        var (applied, error) = SellingPlanRules.Apply(state.State.Settings, patch);
        if (error is not null)
        {
            return SellingPlanResult.Fail(error);
        }

        var next = state.State.Clone();
        next.Settings = applied!;
        next.UpdatedAt = clock.GetUtcNow();
        return await CommitAsync(next);
    }

    public async Task<SellingPlanResult> DiscardAsync()
    {
        if (!state.State.Live)
        {
            return SellingPlanResult.Fail(SellingPlanError.NotFound());
        }

        if (!await TryAsync(() => ForEachVariantAsync(state.State.VariantIds, (variant, plan) => variant.LeavePlanAsync(plan))))
        {
            return SellingPlanResult.Fail(SellingPlanError.Unavailable());
        }

        var next = state.State.Clone();
        next.DiscardedAt = next.UpdatedAt = clock.GetUtcNow();
        var result = await CommitAsync(next);
        if (result.Plan is not null && !await TryAsync(() => Directory.RemoveAsync(PlanId)))
        {
            LogDirectoryNotUpdated(logger, PlanId);
        }

        return result;
    }

    public Task<SellingPlanResult> AddVariantsAsync(IReadOnlyList<long> variantIds) =>
        ChangeVariantsAsync(variantIds, (variant, plan) => variant.JoinPlanAsync(plan), members =>
        {
            var present = members.ToHashSet();
            members.AddRange(variantIds.Where(present.Add));
        });

    public Task<SellingPlanResult> RemoveVariantsAsync(IReadOnlyList<long> variantIds) =>
        ChangeVariantsAsync(variantIds, (variant, plan) => variant.LeavePlanAsync(plan), members =>
        {
            var removed = variantIds.ToHashSet();
            members.RemoveAll(removed.Contains);
        });

    public async Task<QueueJobResult> QueueInventoryPolicyJobAsync(IReadOnlyList<long> variantIds, InventoryPolicy policy, string? operationId = null)
    {
        if (!state.State.Live)
        {
            return new QueueJobResult(null, SellingPlanError.NotFound());
        }

        // An operation's job has an id derived from it, so a repeat finds the job the first one queued.
        var jobId = operationId is null ? Guid.NewGuid().ToString("N") : OperationIds.CreatedIdOf(Tenant, operationId).Replace("-", "", StringComparison.Ordinal);
        var job = Job(jobId);
        if (operationId is not null && await job.GetAsync() is { } earlier)
        {
            return await RequeueAsync(jobId, earlier);
        }

        var members = state.State.VariantIds.ToHashSet();
        var queued = variantIds.Distinct().Where(members.Contains).ToList();
        var wasIdle = state.State.JobQueue.Count == 0;

        // The reminder and the job's own state are stored before the job is acknowledged, so a
        // crash at any later point still finds it and runs it.
        var stored = await TryAsync(async () =>
        {
            if (wasIdle)
            {
                await this.RegisterOrUpdateReminder(JobsReminder, jobOptions.Value.ResumeCheckPeriod, jobOptions.Value.ResumeCheckPeriod);
            }

            await job.InitializeAsync(new InventoryPolicyJobSpec(PlanId, policy, queued, clock.GetUtcNow()));
        });
        var next = state.State.Clone();
        next.JobQueue.Add(jobId);
        if (!stored || !await state.TryCommitAsync(next, this, logger))
        {
            return new QueueJobResult(null, SellingPlanError.Unavailable());
        }

        if (wasIdle)
        {
            await StartHeadAsync();
        }

        return new QueueJobResult(new InventoryPolicyJobTicket(jobId, queued), null);
    }

    /// <summary>
    /// A repeat of the operation that queued <paramref name="jobId"/>: it answers with that job and
    /// queues nothing, except that a job stored but never queued (the first attempt failed in
    /// between) is queued now.
    /// </summary>
    private async Task<QueueJobResult> RequeueAsync(string jobId, InventoryPolicyJob earlier)
    {
        if (!earlier.Finished && !state.State.JobQueue.Contains(jobId))
        {
            var wasIdle = state.State.JobQueue.Count == 0;
            var next = state.State.Clone();
            next.JobQueue.Add(jobId);
            if (!await state.TryCommitAsync(next, this, logger))
            {
                return new QueueJobResult(null, SellingPlanError.Unavailable());
            }

            if (wasIdle)
            {
                await StartHeadAsync();
            }
        }

        return new QueueJobResult(new InventoryPolicyJobTicket(jobId, await Job(jobId).GetVariantsAsync()) { Replayed = true }, null);
    }

    public async Task JobFinishedAsync(string jobId)
    {
        if (state.State.JobQueue.Count == 0 || state.State.JobQueue[0] != jobId)
        {
            return;
        }

        var next = state.State.Clone();
        next.JobQueue.RemoveAt(0);
        if (await state.TryCommitAsync(next, this, logger))
        {
            await StartHeadAsync();
        }
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName == JobsReminder)
        {
            await StartHeadAsync();
        }
    }

    /// <summary>
    /// Starts the first unfinished job, or makes sure it runs; moves past jobs that have finished;
    /// drops the reminder once no job is left. Failures are left for the next reminder tick.
    /// </summary>
    private async Task StartHeadAsync()
    {
        try
        {
            while (state.State.JobQueue.Count > 0)
            {
                var head = state.State.JobQueue[0];
                var progress = await Job(head).StartAsync();
                if (progress is { Finished: false })
                {
                    return;
                }

                var next = state.State.Clone();
                next.JobQueue.RemoveAt(0);
                if (!await state.TryCommitAsync(next, this, logger))
                {
                    return;
                }
            }

            if (await this.GetReminder(JobsReminder) is { } reminder)
            {
                await this.UnregisterReminder(reminder);
            }
        }
        catch (Exception exception)
        {
            LogJobsNotAdvanced(logger, exception, PlanId);
        }
    }

    /// <summary>
    /// Tells every requested variant first (members too, so that repeating a failed call repairs
    /// it), then stores the plan's new list.
    /// </summary>
    private async Task<SellingPlanResult> ChangeVariantsAsync(
        IReadOnlyList<long> variantIds, Func<IVariantGrain, string, Task> tellVariant, Action<List<long>> changeMembers)
    {
        if (!state.State.Live)
        {
            return SellingPlanResult.Fail(SellingPlanError.NotFound());
        }

        if (!await TryAsync(() => ForEachVariantAsync(variantIds.Distinct(), tellVariant)))
        {
            return SellingPlanResult.Fail(SellingPlanError.Unavailable());
        }

        var next = state.State.Clone();
        changeMembers(next.VariantIds);
        next.UpdatedAt = clock.GetUtcNow();
        return await CommitAsync(next);
    }

    private async Task<SellingPlanResult> CommitAsync(SellingPlanState next) =>
        await state.TryCommitAsync(next, this, logger)
            ? SellingPlanResult.Ok(View())
            : SellingPlanResult.Fail(SellingPlanError.Unavailable());

    private async Task ForEachVariantAsync(IEnumerable<long> variantIds, Func<IVariantGrain, string, Task> call) =>
        await BoundedFanout.RunAsync(variantIds, jobOptions.Value.MaxConcurrentVariants, id =>
            call(GrainFactory.GetGrain<IVariantGrain>(VariantKey.Format(Tenant, id)), PlanId));

    private async Task<bool> TryAsync(Func<Task> action)
    {
        try
        {
            await action();
            return true;
        }
        catch (Exception exception)
        {
            LogCallFailed(logger, exception, PlanId);
            return false;
        }
    }

    private SellingPlan View() => state.State.ToPlan(PlanId, SellingPlanRules.ShopIdOf(Tenant));

    private ISellingPlanDirectoryGrain Directory => GrainFactory.GetGrain<ISellingPlanDirectoryGrain>(Tenant);

    private IInventoryPolicyJobGrain Job(string jobId) => GrainFactory.GetGrain<IInventoryPolicyJobGrain>(TenantKey.Format(Tenant, jobId));

    [LoggerMessage(Level = LogLevel.Warning, Message = "Selling plan {PlanId}: a call to another grain failed; nothing was changed")]
    private static partial void LogCallFailed(ILogger logger, Exception exception, string planId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Selling plan {PlanId} was discarded but is still listed")]
    private static partial void LogDirectoryNotUpdated(ILogger logger, string planId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Selling plan {PlanId}: its next job could not be started; the reminder will retry")]
    private static partial void LogJobsNotAdvanced(ILogger logger, Exception exception, string planId);
}
