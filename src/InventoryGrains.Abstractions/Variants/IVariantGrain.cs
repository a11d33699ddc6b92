using System.Globalization;
using InventoryGrains.Abstractions.SellingPlans;
using Orleans.Concurrency;

namespace InventoryGrains.Abstractions.Variants;

/// <summary>A product variant's inventory policy and the selling plans it belongs to.</summary>
[GenerateSerializer, Immutable]
public sealed record Variant(
    [property: Id(0)] long Id,
    [property: Id(1)] InventoryPolicy InventoryPolicy,
    [property: Id(2)] IReadOnlyList<string> SellingPlanIds,
    [property: Id(3)] DateTimeOffset? UpdatedAt);

public static class VariantKey
{
    public static string Format(string tenant, long variantId) =>
        TenantKey.Format(tenant, variantId.ToString(CultureInfo.InvariantCulture));

    public static long ParseVariantId(string key) => long.Parse(TenantKey.Parse(key).LocalId, CultureInfo.InvariantCulture);
}

/// <summary>One variant (keyed by <see cref="VariantKey"/>). Every operation is idempotent.</summary>
public interface IVariantGrain : IGrainWithStringKey
{
    [ReadOnly]
    Task<Variant> GetAsync();

    Task SetInventoryPolicyAsync(InventoryPolicy policy);

    Task JoinPlanAsync(string planId);

    Task LeavePlanAsync(string planId);
}
