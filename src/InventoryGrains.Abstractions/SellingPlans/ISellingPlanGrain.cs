using Orleans.Concurrency;

namespace InventoryGrains.Abstractions.SellingPlans;

/// <summary>One selling plan; key from <see cref="TenantKey"/> with the plan id.</summary>
public interface ISellingPlanGrain : IGrainWithStringKey
{
    /// <summary>Creates the plan from the defaults with <paramref name="settings"/> applied.</summary>
    Task<SellingPlanResult> CreateAsync(SellingPlanPatch settings);

    [ReadOnly]
    Task<SellingPlanResult> GetAsync();

    /// <summary>Applies the fields the patch names; every rule is checked on the result before anything is stored.</summary>
    Task<SellingPlanResult> UpdateAsync(SellingPlanPatch patch);

    /// <summary>Soft delete: the plan keeps its data but answers as not found from then on.</summary>
    Task<SellingPlanResult> DiscardAsync();

    Task<SellingPlanResult> AddVariantsAsync(IReadOnlyList<long> variantIds);

    Task<SellingPlanResult> RemoveVariantsAsync(IReadOnlyList<long> variantIds);

    /// <summary>
    /// Stores a job that sets <paramref name="policy"/> on the requested variants that belong to
    /// the plan, and returns before any of them is changed. With <paramref name="operationId"/>,
    /// a repeat of the same operation answers with the job the first one queued and queues nothing.
    /// </summary>
    Task<QueueJobResult> QueueInventoryPolicyJobAsync(IReadOnlyList<long> variantIds, InventoryPolicy policy, string? operationId = null);

    /// <summary>Called by a job of this plan once it has finished, so the next one can start.</summary>
    Task JobFinishedAsync(string jobId);
}

/// <summary>The ids of one tenant's live plans, for listing; keyed by tenant.</summary>
public interface ISellingPlanDirectoryGrain : IGrainWithStringKey
{
    Task AddAsync(string planId);

    Task RemoveAsync(string planId);

    [ReadOnly]
    Task<SellingPlanPage> ListAsync(int offset, int limit);
}

/// <summary>A bulk inventory-policy job; key from <see cref="TenantKey"/> with the job id.</summary>
public interface IInventoryPolicyJobGrain : IGrainWithStringKey
{
    /// <summary>Stores the job as queued. Calling it again for the same job changes nothing.</summary>
    Task InitializeAsync(InventoryPolicyJobSpec spec);

    /// <summary>Starts the job, or makes sure it is running; returns its progress. Safe to repeat.</summary>
    Task<InventoryPolicyJob?> StartAsync();

    [ReadOnly]
    Task<InventoryPolicyJob?> GetAsync();

    /// <summary>The variants the job sets, in the order they were queued.</summary>
    [ReadOnly]
    Task<IReadOnlyList<long>> GetVariantsAsync();
}
