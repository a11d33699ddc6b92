using InventoryGrains.Abstractions;
using InventoryGrains.Abstractions.SellingPlans;
using InventoryGrains.Abstractions.Variants;
using InventoryGrains.Grains.Jobs;
using InventoryGrains.Grains.Persistence;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Runtime;

namespace InventoryGrains.Grains.SellingPlans;

/// <summary>
/// A bulk inventory-policy job: one step per batch of variants (<see cref="ResumableJobGrain"/>).
/// Its plan's reminder calls <see cref="StartAsync"/> again after the job's silo stopped, and a new
/// activation picks up after the last stored batch. A batch cut short by a crash runs again, which
/// is harmless because setting a policy is idempotent.
/// </summary>
public sealed partial class InventoryPolicyJobGrain(
    [PersistentState("job", StorageNames.Inventory)] IPersistentState<InventoryPolicyJobRecord> state,
    TimeProvider clock,
    IOptions<InventoryPolicyJobOptions> options,
    IEnumerable<IInventoryPolicyJobObserver> observers,
    ILogger<InventoryPolicyJobGrain> logger)
    : ResumableJobGrain(options.Value, logger), IInventoryPolicyJobGrain
{
    private readonly InventoryPolicyJobOptions _options = options.Value;

    private string Tenant => TenantKey.Parse(this.GetPrimaryKeyString()).Tenant;

    private string JobId => TenantKey.Parse(this.GetPrimaryKeyString()).LocalId;

    protected override bool IsRunning => state.State is { Exists: true, State: InventoryPolicyJobState.Running };

    public async Task InitializeAsync(InventoryPolicyJobSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (state.State.Exists)
        {
            return;
        }

        var next = new InventoryPolicyJobRecord
        {
            Exists = true,
            PlanId = spec.PlanId,
            Policy = spec.Policy,
            VariantIds = [.. spec.VariantIds],
            BatchSize = _options.BatchSize,
            State = InventoryPolicyJobState.Queued,
            CreatedAt = spec.CreatedAt,
        };
        await CommitOrThrowAsync(next);
    }

    public async Task<InventoryPolicyJob?> StartAsync()
    {
        if (!state.State.Exists)
        {
            return null;
        }

        if (state.State.State == InventoryPolicyJobState.Queued)
        {
            var next = state.State.Clone();
            next.State = InventoryPolicyJobState.Running;
            await CommitOrThrowAsync(next);
        }

        if (state.State.State == InventoryPolicyJobState.Running)
        {
            EnsureRunning();
        }

        return View();
    }

    public Task<InventoryPolicyJob?> GetAsync() => Task.FromResult(state.State.Exists ? View() : null);

    public Task<IReadOnlyList<long>> GetVariantsAsync() => Task.FromResult<IReadOnlyList<long>>([.. state.State.VariantIds]);

    /// <summary>Applies the next batch and stores the progress, or finishes.</summary>
    protected override async Task<TimeSpan?> RunStepAsync(CancellationToken cancellationToken)
    {
        var job = state.State;
        if (job.BatchesDone >= job.BatchesTotal)
        {
            return await FinishAsync(InventoryPolicyJobState.Completed, null);
        }

        var batch = job.VariantIds.Skip(job.BatchesDone * job.BatchSize).Take(job.BatchSize).ToList();
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        try
        {
            await BoundedFanout.RunAsync(batch, _options.MaxConcurrentVariants, id =>
                GrainFactory.GetGrain<IVariantGrain>(VariantKey.Format(Tenant, id)).SetInventoryPolicyAsync(job.Policy));
        }
        catch (Exception exception)
        {
            JobTelemetry.BatchFailed(started);
            return await BatchFailedAsync(exception);
        }

        var next = job.Clone();
        next.BatchesDone++;
        next.Processed += batch.Count;
        next.FailedAttempts = 0;
        if (!await state.TryCommitAsync(next, this, logger))
        {
            // The batch is applied but not recorded: it runs again, to the same effect.
            return RetryDelay;
        }

        LogBatchStored(logger, JobId, next.BatchesDone, next.BatchesTotal);
        JobTelemetry.BatchStored(batch.Count, started);
        foreach (var observer in observers)
        {
            await observer.BatchStoredAsync(JobId, next.BatchesDone, next.BatchesTotal, cancellationToken);
        }

        return next.BatchesDone >= next.BatchesTotal ? TimeSpan.Zero : _options.BatchInterval;
    }

    /// <summary>A failed batch runs again after the retry delay, until it has failed <see cref="InventoryPolicyJobOptions.MaxBatchAttempts"/> times.</summary>
    private async Task<TimeSpan?> BatchFailedAsync(Exception exception)
    {
        var attempts = state.State.FailedAttempts + 1;
        LogBatchFailed(logger, exception, JobId, state.State.BatchesDone + 1, attempts);
        if (attempts >= _options.MaxBatchAttempts)
        {
            return await FinishAsync(InventoryPolicyJobState.Failed, $"Batch {state.State.BatchesDone + 1} failed {attempts} times: {exception.Message}");
        }

        var next = state.State.Clone();
        next.FailedAttempts = attempts;
        await state.TryCommitAsync(next, this, logger);
        return RetryDelay;
    }

    private async Task<TimeSpan?> FinishAsync(InventoryPolicyJobState outcome, string? error)
    {
        var next = state.State.Clone();
        next.State = outcome;
        next.CompletedAt = clock.GetUtcNow();
        next.Error = error;
        if (!await state.TryCommitAsync(next, this, logger))
        {
            return RetryDelay;
        }

        LogFinished(logger, JobId, outcome);

        // Not awaited, so that this job never waits on its plan while the plan may be waiting on
        // it; if the call is lost, the plan's reminder finds the job finished and moves on.
        _ = NotifyPlanAsync(next.PlanId);
        return null;
    }

    private async Task NotifyPlanAsync(string planId)
    {
        try
        {
            await GrainFactory.GetGrain<ISellingPlanGrain>(TenantKey.Format(Tenant, planId)).JobFinishedAsync(JobId);
        }
        catch (Exception exception)
        {
            LogPlanNotTold(logger, exception, JobId);
        }
    }

    private async Task CommitOrThrowAsync(InventoryPolicyJobRecord next)
    {
        if (!await state.TryCommitAsync(next, this, logger))
        {
            throw new InvalidOperationException($"Job {JobId} could not be stored.");
        }
    }

    private InventoryPolicyJob View()
    {
        var job = state.State;
        return new InventoryPolicyJob(
            JobId, job.PlanId, job.State, job.Policy, job.VariantIds.Count, job.Processed,
            job.BatchesTotal, job.BatchesDone, job.CreatedAt, job.CompletedAt, job.Error);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Inventory policy job {JobId} stored batch {BatchesDone}/{BatchesTotal}")]
    private static partial void LogBatchStored(ILogger logger, string jobId, int batchesDone, int batchesTotal);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Inventory policy job {JobId}: batch {Batch} failed (attempt {Attempt})")]
    private static partial void LogBatchFailed(ILogger logger, Exception exception, string jobId, int batch, int attempt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Inventory policy job {JobId} finished but its plan could not be told; the plan's reminder will notice")]
    private static partial void LogPlanNotTold(ILogger logger, Exception exception, string jobId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Inventory policy job {JobId} finished: {Outcome}")]
    private static partial void LogFinished(ILogger logger, string jobId, InventoryPolicyJobState outcome);
}

[GenerateSerializer]
public sealed class InventoryPolicyJobRecord
{
    [Id(0)] public bool Exists { get; set; }
    [Id(1)] public string PlanId { get; set; } = "";
    [Id(2)] public InventoryPolicy Policy { get; set; }
    [Id(3)] public List<long> VariantIds { get; set; } = [];
    [Id(4)] public int BatchSize { get; set; } = 1000;
    [Id(5)] public InventoryPolicyJobState State { get; set; }
    [Id(6)] public int BatchesDone { get; set; }
    [Id(7)] public int Processed { get; set; }
    [Id(8)] public int FailedAttempts { get; set; }
    [Id(9)] public DateTimeOffset CreatedAt { get; set; }
    [Id(10)] public DateTimeOffset? CompletedAt { get; set; }
    [Id(11)] public string? Error { get; set; }

    public int BatchesTotal => (VariantIds.Count + BatchSize - 1) / BatchSize;

    /// <summary>Shares the variant list, which never changes after the job is created.</summary>
    public InventoryPolicyJobRecord Clone() => (InventoryPolicyJobRecord)MemberwiseClone();
}
