using InventoryGrains.Abstractions.SellingPlans;

namespace InventoryGrains.Grains.SellingPlans;

[GenerateSerializer]
public sealed class SellingPlanState
{
    [Id(0)] public bool Exists { get; set; }
    [Id(1)] public SellingPlanSettings Settings { get; set; } = new();
    [Id(2)] public DateTimeOffset CreatedAt { get; set; }
    [Id(3)] public DateTimeOffset UpdatedAt { get; set; }
    [Id(4)] public DateTimeOffset? DiscardedAt { get; set; }

    /// <summary>The associated variants, in the order they were added.</summary>
    [Id(5)] public List<long> VariantIds { get; set; } = [];

    /// <summary>The plan's unfinished inventory-policy jobs; the first one is the one running.</summary>
    [Id(6)] public List<string> JobQueue { get; set; } = [];

    public bool Live => Exists && DiscardedAt is null;

    public SellingPlanState Clone()
    {
        var copy = (SellingPlanState)MemberwiseClone();
        copy.Settings = Settings.Clone();
        copy.VariantIds = [.. VariantIds];
        copy.JobQueue = [.. JobQueue];
        return copy;
    }

    public SellingPlan ToPlan(string id, long shopId) => new(
        id,
        Settings.Clone(),
        shopId,
        [.. VariantIds],
        JobQueue.Count > 0,
        CreatedAt,
        UpdatedAt,
        DiscardedAt,
        ShopifySellingPlanId: null,
        ShopifySellingPlanGroupId: null,
        MarketId: null);
}
