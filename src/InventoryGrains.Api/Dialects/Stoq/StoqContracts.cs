using System.ComponentModel;
using System.Text.Json.Serialization;
using InventoryGrains.Abstractions.SellingPlans;
using InventoryGrains.Api.Edge.OpenApi;

namespace InventoryGrains.Api.Dialects.Stoq;

// The Stoq shapes as the API reference shows them. The handlers read bodies as raw JSON (to report
// each malformed field in Stoq's words) and write answers with StoqJson; these records describe
// the same JSON, and build the reference's examples.

/// <summary>The body of a plan creation or update.</summary>
public sealed record StoqSellingPlanRequest(
    [property: JsonPropertyName("selling_plan")]
    [property: Description("The settings to set. Creation: only `name` is required, the rest start from their defaults. Update: the fields present change, absent ones stay, `null` clears a nullable field.")]
    SellingPlanSettings SellingPlan);

/// <summary>A selling plan as read: its id, every setting (<c>StoqSellingPlanInput</c>), and what the service maintains.</summary>
public sealed record StoqSellingPlan(
    [property: JsonPropertyName("id"), Description("32 hex characters, chosen by the service.")] string Id,
    [property: JsonPropertyName("selling_plan_product_variants_count")] int SellingPlanProductVariantsCount,
    [property: JsonPropertyName("shopify_selling_plan_id"), DocumentedRequired, Description("Not synchronised with Shopify: always null.")] long? ShopifySellingPlanId,
    [property: JsonPropertyName("shopify_selling_plan_group_id"), DocumentedRequired, Description("Not synchronised with Shopify: always null.")] long? ShopifySellingPlanGroupId,
    [property: JsonPropertyName("shop_id"), Description("The tenant name when it is a positive number, otherwise a stable 31-bit number derived from it.")] long ShopId,
    [property: JsonPropertyName("market_id"), DocumentedRequired, Description("Always null.")] long? MarketId,
    [property: JsonPropertyName("created_at")] DateTimeOffset CreatedAt,
    [property: JsonPropertyName("updated_at")] DateTimeOffset UpdatedAt,
    [property: JsonPropertyName("discarded_at"), DocumentedRequired, Description("Set when the plan is deleted; a deleted plan answers 404 from then on.")] DateTimeOffset? DiscardedAt,
    [property: JsonPropertyName("ongoing_job"), Description("True from queueing an inventory-policy job until the plan's last job has finished.")] bool OngoingJob,
    [property: JsonPropertyName("shopify_variant_ids"), Description("The plan's variants.")] IReadOnlyList<long> ShopifyVariantIds);

/// <summary>One page of live plans, oldest first.</summary>
public sealed record StoqSellingPlanList(
    [property: JsonPropertyName("selling_plans")] IReadOnlyList<StoqSellingPlan> SellingPlans,
    [property: JsonPropertyName("meta")] StoqPageMeta Meta);

public sealed record StoqPageMeta(
    [property: JsonPropertyName("current_page")] int CurrentPage,
    [property: JsonPropertyName("per_page")] int PerPage,
    [property: JsonPropertyName("total_count")] int TotalCount,
    [property: JsonPropertyName("total_pages")] int TotalPages);

/// <summary>The variants to associate with a plan, or to dissociate from it.</summary>
public sealed record StoqVariantIdsRequest(
    [property: JsonPropertyName("shopify_variant_ids")]
    [property: Description("1 to 10,000 positive variant ids.")]
    IReadOnlyList<long> ShopifyVariantIds);

/// <summary>The variants of the plan whose inventory policy to set, and the policy.</summary>
public sealed record StoqToggleRequest(
    [property: JsonPropertyName("shopify_variant_ids")]
    [property: Description("A non-empty array of positive variant ids; ids that are not in the plan are left alone.")]
    IReadOnlyList<long> ShopifyVariantIds,
    [property: JsonPropertyName("inventory_policy")] InventoryPolicy InventoryPolicy);

/// <summary>The queued job: nothing has changed yet; follow it with the job route.</summary>
public sealed record StoqToggleResponse(
    [property: JsonPropertyName("success")] bool Success,
    [property: JsonPropertyName("message")] string Message,
    [property: JsonPropertyName("variants_queued"), Description("The distinct requested ids that belong to the plan, in request order.")] IReadOnlyList<long> VariantsQueued,
    [property: JsonPropertyName("job_id")] string JobId);

/// <summary>A bulk inventory-policy job and its progress.</summary>
public sealed record StoqInventoryPolicyJob(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("state")] InventoryPolicyJobState State,
    [property: JsonPropertyName("inventory_policy")] InventoryPolicy InventoryPolicy,
    [property: JsonPropertyName("total"), Description("Variants the job sets.")] int Total,
    [property: JsonPropertyName("processed"), Description("Variants set so far.")] int Processed,
    [property: JsonPropertyName("batches_total")] int BatchesTotal,
    [property: JsonPropertyName("batches_done")] int BatchesDone,
    [property: JsonPropertyName("created_at")] DateTimeOffset CreatedAt,
    [property: JsonPropertyName("completed_at"), DocumentedRequired, Description("Set when the job is completed or failed.")] DateTimeOffset? CompletedAt,
    [property: JsonPropertyName("error"), DocumentedRequired, Description("Why a failed job failed, and at which batch.")] string? Error);

/// <summary>A variant's inventory policy and the plans it belongs to.</summary>
public sealed record StoqVariant(
    [property: JsonPropertyName("id")] long Id,
    [property: JsonPropertyName("inventory_policy"), Description("A variant never touched is `DENY`.")] InventoryPolicy InventoryPolicy,
    [property: JsonPropertyName("selling_plan_ids")] IReadOnlyList<string> SellingPlanIds,
    [property: JsonPropertyName("updated_at"), DocumentedRequired, Description("Null for a variant never touched.")] DateTimeOffset? UpdatedAt);
