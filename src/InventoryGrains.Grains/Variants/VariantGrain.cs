using InventoryGrains.Abstractions;
using InventoryGrains.Abstractions.SellingPlans;
using InventoryGrains.Abstractions.Variants;
using InventoryGrains.Grains.Persistence;
using Microsoft.Extensions.Logging;
using Orleans.Runtime;

namespace InventoryGrains.Grains.Variants;

/// <summary>
/// One variant. Each operation states an end result rather than a step, so applying it twice (a
/// job batch run again after a crash, a repeated association) changes nothing the second time.
/// </summary>
public sealed class VariantGrain(
    [PersistentState("variant", StorageNames.Inventory)] IPersistentState<VariantState> state,
    TimeProvider clock,
    ILogger<VariantGrain> logger)
    : Grain, IVariantGrain
{
    public Task<Variant> GetAsync() => Task.FromResult(new Variant(
        VariantKey.ParseVariantId(this.GetPrimaryKeyString()),
        state.State.InventoryPolicy,
        [.. state.State.SellingPlanIds],
        state.State.UpdatedAt));

    public Task SetInventoryPolicyAsync(InventoryPolicy policy) =>
        state.State.InventoryPolicy == policy ? Task.CompletedTask : CommitAsync(next => next.InventoryPolicy = policy);

    public Task JoinPlanAsync(string planId) =>
        state.State.SellingPlanIds.Contains(planId) ? Task.CompletedTask : CommitAsync(next => next.SellingPlanIds.Add(planId));

    public Task LeavePlanAsync(string planId) =>
        state.State.SellingPlanIds.Contains(planId) ? CommitAsync(next => next.SellingPlanIds.Remove(planId)) : Task.CompletedTask;

    private async Task CommitAsync(Action<VariantState> change)
    {
        var next = state.State.Clone();
        change(next);
        next.UpdatedAt = clock.GetUtcNow();
        if (!await state.TryCommitAsync(next, this, logger))
        {
            throw new InvalidOperationException($"Variant {this.GetPrimaryKeyString()} could not be stored; nothing was changed.");
        }
    }
}

[GenerateSerializer]
public sealed class VariantState
{
    [Id(0)] public InventoryPolicy InventoryPolicy { get; set; } = InventoryPolicy.Deny;
    [Id(1)] public List<string> SellingPlanIds { get; set; } = [];
    [Id(2)] public DateTimeOffset? UpdatedAt { get; set; }

    public VariantState Clone()
    {
        var copy = (VariantState)MemberwiseClone();
        copy.SellingPlanIds = [.. SellingPlanIds];
        return copy;
    }
}
