using InventoryGrains.Abstractions;
using InventoryGrains.Abstractions.SellingPlans;
using InventoryGrains.Grains.Persistence;
using Microsoft.Extensions.Logging;
using Orleans.Runtime;

namespace InventoryGrains.Grains.SellingPlans;

/// <summary>The ids of one tenant's live selling plans, oldest first.</summary>
public sealed class SellingPlanDirectoryGrain(
    [PersistentState("plans", StorageNames.Inventory)] IPersistentState<SellingPlanDirectoryState> state,
    ILogger<SellingPlanDirectoryGrain> logger)
    : Grain, ISellingPlanDirectoryGrain
{
    public async Task AddAsync(string planId)
    {
        if (!state.State.PlanIds.Contains(planId))
        {
            await CommitAsync(new SellingPlanDirectoryState { PlanIds = [.. state.State.PlanIds, planId] });
        }
    }

    public async Task RemoveAsync(string planId)
    {
        if (state.State.PlanIds.Contains(planId))
        {
            await CommitAsync(new SellingPlanDirectoryState { PlanIds = [.. state.State.PlanIds.Where(id => id != planId)] });
        }
    }

    public Task<SellingPlanPage> ListAsync(int offset, int limit) =>
        Task.FromResult(new SellingPlanPage([.. state.State.PlanIds.Skip(offset).Take(limit)], state.State.PlanIds.Count));

    private async Task CommitAsync(SellingPlanDirectoryState next)
    {
        if (!await state.TryCommitAsync(next, this, logger))
        {
            throw new InvalidOperationException("The selling plan directory could not be stored.");
        }
    }
}

[GenerateSerializer]
public sealed class SellingPlanDirectoryState
{
    [Id(0)] public List<string> PlanIds { get; set; } = [];
}
