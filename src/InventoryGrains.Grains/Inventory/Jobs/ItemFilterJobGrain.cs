using InventoryGrains.Domain.Operations;
using InventoryGrains.Abstractions;
using InventoryGrains.Abstractions.Identifiers;
using InventoryGrains.Abstractions.Inventory;
using InventoryGrains.Abstractions.Inventory.Jobs;
using InventoryGrains.Abstractions.Inventory.Queries;
using InventoryGrains.Grains.Persistence;
using InventoryGrains.Grains.Jobs;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Runtime;
using InventoryGrains.Domain.Items;
using InventoryGrains.Domain.Identifiers;

namespace InventoryGrains.Grains.Inventory.Jobs;

/// <summary>
/// Applies one change to every item a filter selects, a page at a time: the page is read in the
/// default order (newest first, a key no change moves, so every item that exists throughout the
/// walk is met exactly once), run through the bulk coordinator, and the position after it stored
/// with the outcome counts. A page cut short runs again: each item's change carries the operation
/// id (job, item), so an item that applied it answers from its record. The job's own reminder
/// restarts the walk after its silo stopped (<see cref="ResumableJobGrain"/>).
/// </summary>
public sealed partial class ItemFilterJobGrain(
    [PersistentState("itemjob", StorageNames.Inventory)] IPersistentState<ItemFilterJobRecord> state,
    TimeProvider clock,
    IOptions<ItemFilterJobOptions> options,
    ILogger<ItemFilterJobGrain> logger)
    : ResumableJobGrain(options.Value, logger), IItemFilterJobGrain
{
    private readonly ItemFilterJobOptions _options = options.Value;

    private string Tenant => TenantKey.Parse(this.GetPrimaryKeyString()).Tenant;

    private string JobId => TenantKey.Parse(this.GetPrimaryKeyString()).LocalId;

    protected override bool IsRunning => state.State is { Spec: not null, State: ItemFilterJobState.Running };

    protected override TimeSpan? ResumeCheckPeriod => _options.ResumeCheckPeriod;

    public async Task<ItemFilterJobStatus> StartAsync(ItemFilterJobSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (state.State.Spec is null)
        {
            await PrepareToResumeAsync();
            if (!await state.TryCommitAsync(new ItemFilterJobRecord { Spec = spec, State = ItemFilterJobState.Running }, this, logger))
            {
                throw new InvalidOperationException($"Job {JobId} could not be stored.");
            }
        }

        if (IsRunning)
        {
            EnsureRunning();
        }

        return View();
    }

    public Task<ItemFilterJobStatus?> GetAsync() => Task.FromResult(state.State.Spec is null ? null : View());

    /// <summary>The next page, run and stored; or the end of the walk.</summary>
    protected override async Task<TimeSpan?> RunStepAsync(CancellationToken cancellationToken)
    {
        var job = state.State;
        var spec = job.Spec!;
        var page = await GrainFactory.ItemQueries().QueryAsync(Tenant, new ItemQuery(spec.Filter, [], _options.BatchSize, job.After), cancellationToken);
        var results = page.Items.Count == 0 ? [] : await RunAsync(spec, page.Items);

        var next = job.Clone();
        next.After = page.Next;
        next.Pages++;
        next.Processed += results.Count;
        foreach (var result in results)
        {
            if (result is ItemRejected rejected)
            {
                // A variant the job would create is held by another item at the location: the item exists.
                var code = (rejected.Code == InventoryErrorCode.DuplicateIdentifier ? InventoryErrorCode.ItemAlreadyExists : rejected.Code).ContractName();
                next.FailuresByCode[code] = next.FailuresByCode.GetValueOrDefault(code) + 1;
            }
            else
            {
                next.Succeeded++;
            }
        }

        if (page.Next is null)
        {
            next.State = ItemFilterJobState.Completed;
            next.CompletedAt = clock.GetUtcNow();
        }

        if (!await state.TryCommitAsync(next, this, logger))
        {
            // Applied but not recorded: the page runs again, and its operation ids apply nothing twice.
            return RetryDelay;
        }

        LogPageStored(logger, JobId, next.Pages, next.Processed);
        if (next.State == ItemFilterJobState.Completed)
        {
            LogCompleted(logger, JobId, next.Processed);
            return null;
        }

        return _options.BatchInterval;
    }

    private Task<IReadOnlyList<ItemOutcome>> RunAsync(ItemFilterJobSpec spec, IReadOnlyList<InventoryItem> items)
    {
        var coordinator = GrainFactory.BulkCoordinator();
        if (spec.CreateAtLocation is { } location)
        {
            // One new item per variant selected; the variant index refuses a variant stocked there already.
            var creations = items
                .DistinctBy(item => item.VariantId, StringComparer.Ordinal)
                .Select(item => new IdentifiedCommand(location, [new ItemIdentifier(IdentifierKind.Variant, item.VariantId)], IdentifiedMode.Create,
                    new CreateInventoryItem { VariantId = item.VariantId, ProductId = item.ProductId, Quantity = spec.CreateQuantity }, null)
                {
                    OperationId = OperationId(item.VariantId),
                })
                .ToList();
            return coordinator.ExecuteByIdentifierAsync(Tenant, creations, spec.Context with { ReturnItem = false });
        }

        var commands = items.Select(item => new ItemCommand(item.Id, spec.Change!) { OperationId = OperationId(item.Id) }).ToList();
        return coordinator.ExecuteAsync(Tenant, commands, spec.Context with { ReturnItem = false });
    }

    /// <summary>The job's operation on one item (or variant): unique to the job, the same on every run of a page.</summary>
    private string OperationId(string target) => OperationIds.OfJobStep(Tenant, JobId, target);

    private ItemFilterJobStatus View()
    {
        var job = state.State;
        return new ItemFilterJobStatus(
            JobId, job.State, job.Processed, job.Succeeded, job.FailuresByCode.Values.Sum(),
            new Dictionary<string, long>(job.FailuresByCode, StringComparer.Ordinal), job.Spec!.CreatedAt, job.CompletedAt);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Item filter job {JobId} stored page {Pages} ({Processed} items so far)")]
    private static partial void LogPageStored(ILogger logger, string jobId, int pages, long processed);

    [LoggerMessage(Level = LogLevel.Information, Message = "Item filter job {JobId} completed: {Processed} items")]
    private static partial void LogCompleted(ILogger logger, string jobId, long processed);
}

[GenerateSerializer]
public sealed class ItemFilterJobRecord
{
    [Id(0)] public ItemFilterJobSpec? Spec { get; set; }
    [Id(1)] public ItemFilterJobState State { get; set; }

    /// <summary>Where the next page starts; null before the first.</summary>
    [Id(2)] public ItemPosition? After { get; set; }
    [Id(3)] public long Processed { get; set; }
    [Id(4)] public long Succeeded { get; set; }
    [Id(5)] public Dictionary<string, long> FailuresByCode { get; set; } = new(StringComparer.Ordinal);
    [Id(6)] public DateTimeOffset? CompletedAt { get; set; }
    [Id(7)] public int Pages { get; set; }

    public ItemFilterJobRecord Clone()
    {
        var copy = (ItemFilterJobRecord)MemberwiseClone();
        copy.FailuresByCode = new Dictionary<string, long>(FailuresByCode, StringComparer.Ordinal);
        return copy;
    }
}
