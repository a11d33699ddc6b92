using System.Text.Json;
using System.Text.Json.Nodes;
using InventoryGrains.Abstractions.SellingPlans;
using InventoryGrains.Abstractions.Variants;
using InventoryGrains.Api.Edge;
using InventoryGrains.Api.Edge.OpenApi;

namespace InventoryGrains.Api.Dialects.Stoq;

/// <summary>The API reference of the Stoq routes; the examples are written by <see cref="StoqJson"/> itself.</summary>
public static class StoqDocs
{
    private const string PlanId = "3f9c2a7e5b8d4c1fa6e0b2d4c8f1a3e5";
    private const string JobId = "8b1d0e6c4a2f4e9b9c3a7d5e1f0b2c4d";

    private static readonly DateTimeOffset Created = new(2026, 3, 1, 10, 0, 0, TimeSpan.Zero);

    private static readonly SellingPlanSettings Settings = new()
    {
        Name = "Spring drop",
        BillingType = BillingType.ExactTime,
        BillingAt = new DateTimeOffset(2027, 3, 1, 10, 0, 0, TimeSpan.Zero),
        PricingType = PricingType.Percentage,
        PricingPercentage = 10,
    };

    private static readonly SellingPlan Plan = new(PlanId, Settings, 1, [101, 102, 103], false, Created, Created, null, null, null, null);

    private static JsonObject PlanJson(SellingPlan plan) => StoqJson.Write(plan);

    /// <summary>A contract record as Stoq writes it (its enums as strings).</summary>
    private static JsonNode Json<T>(T value) => JsonSerializer.SerializeToNode(value, StoqJson.Options)!;

    private static RouteError PlanNotFound { get; } = Error(StatusCodes.Status404NotFound, SellingPlanError.NotFound().Message,
        "No live plan has this id in the key's tenant (unknown, deleted, or not 1–64 of `A–Z a–z 0–9 _ -`).");

    private static RouteError NoSellingPlan { get; } = Error(StatusCodes.Status400BadRequest, "param is missing or the value is empty: selling_plan",
        "The body has no `selling_plan` object.");

    private static RouteError PlanRules { get; } = RouteError.WithBody(StatusCodes.Status422UnprocessableEntity,
        new StoqFieldErrorsBody(new Dictionary<string, IReadOnlyList<string>>
        {
            ["name"] = ["can't be blank"],
            ["billing_at"] = ["can't be blank when billing_type is exact_time"],
        }),
        "The plan, as the change would leave it, breaks a rule (every failing field at once; a value of the wrong type counts too). Nothing changed.");

    private static RouteError NotStored { get; } = Error(StatusCodes.Status503ServiceUnavailable, SellingPlanError.Unavailable().Message,
        "The change could not be confirmed as stored: read the plan, or repeat with the same `Idempotency-Key`.");

    private static RouteError VariantIds { get; } = Error(StatusCodes.Status400BadRequest,
        "shopify_variant_ids must be a non-empty array of positive integer variant ids",
        "`shopify_variant_ids` is missing, empty, or not an array of positive integers.");

    private static RouteError TooManyVariants { get; } = Error(StatusCodes.Status400BadRequest,
        $"at most {StoqSellingPlanEndpoints.MaxVariantsPerAssociation} shopify_variant_ids are accepted per call",
        $"More than {StoqSellingPlanEndpoints.MaxVariantsPerAssociation:N0} ids in one call.");

    public static RouteDoc Create { get; } = new()
    {
        Summary = "Create a selling plan",
        Description = """
            Creates a plan from `selling_plan`: only `name` is required, the other fields start from
            their defaults (`enabled: true`, `billing_type: no_remaining_balance`, `delivery_type: asap`, …).
            The service chooses the id; with an `Idempotency-Key`, a repeat names the plan the first one created.
            """,
        Request = typeof(StoqSellingPlanRequest),
        RequestExample = JsonNode.Parse("""
            {"selling_plan":{"name":"Spring drop","billing_type":"exact_time","billing_at":"2027-03-01T10:00:00Z","pricing_type":"percentage","pricing_percentage":10}}
            """),
        Status = StatusCodes.Status201Created,
        Response = typeof(StoqSellingPlan),
        ResponseExample = PlanJson(Plan with { VariantIds = [] }),
        Errors = [NoSellingPlan, PlanRules, NotStored],
    };

    public static RouteDoc List { get; } = new()
    {
        Summary = "List selling plans",
        Description = $"The tenant's live plans, oldest first, one page at a time: `page` ≥ 1 (default 1), `per_page` 1–{StoqSellingPlanEndpoints.MaxPageSize} (default {StoqSellingPlanEndpoints.DefaultPageSize}).",
        Response = typeof(StoqSellingPlanList),
        ResponseExample = new JsonObject
        {
            ["selling_plans"] = new JsonArray(PlanJson(Plan)),
            ["meta"] = Json(new StoqPageMeta(1, StoqSellingPlanEndpoints.DefaultPageSize, 1, 1)),
        },
        Errors =
        [
            Error(StatusCodes.Status400BadRequest, $"page must be at least 1 and per_page between 1 and {StoqSellingPlanEndpoints.MaxPageSize}",
                $"`page` is below 1, or `per_page` is outside 1–{StoqSellingPlanEndpoints.MaxPageSize}."),
        ],
    };

    public static RouteDoc Get { get; } = new()
    {
        Summary = "Read a selling plan",
        Description = "The plan: its id, every setting, its variants and what the service maintains.",
        Response = typeof(StoqSellingPlan),
        ResponseExample = PlanJson(Plan),
        Errors = [PlanNotFound],
    };

    public static RouteDoc Update { get; } = new()
    {
        Summary = "Update a selling plan",
        Description = "Fields present in `selling_plan` change, absent ones stay, and `null` clears a nullable field. The rules are checked on the plan as the change would leave it.",
        Request = typeof(StoqSellingPlanRequest),
        RequestExample = JsonNode.Parse("""{"selling_plan":{"name":"Spring drop II","pricing_percentage":null}}"""),
        Response = typeof(StoqSellingPlan),
        ResponseExample = PlanJson(Plan with { Settings = Clone(settings => { settings.Name = "Spring drop II"; settings.PricingPercentage = null; }), UpdatedAt = Created.AddMinutes(5) }),
        Errors = [NoSellingPlan, PlanNotFound, PlanRules, NotStored],
    };

    public static RouteDoc Delete { get; } = new()
    {
        Summary = "Delete a selling plan",
        Description = "Discards the plan and takes it off its variants; its queued jobs still run. Answers the plan with `discarded_at` set; from then on it answers 404.",
        Response = typeof(StoqSellingPlan),
        ResponseExample = PlanJson(Plan with { DiscardedAt = Created.AddDays(1), UpdatedAt = Created.AddDays(1) }),
        Errors = [PlanNotFound, NotStored],
    };

    public static RouteDoc AddVariants { get; } = new()
    {
        Summary = "Add variants to a selling plan",
        Description = $"Associates up to {StoqSellingPlanEndpoints.MaxVariantsPerAssociation:N0} variants with the plan, while the caller waits; answers the plan.",
        Request = typeof(StoqVariantIdsRequest),
        RequestExample = Json(new StoqVariantIdsRequest([101, 102, 103])),
        Response = typeof(StoqSellingPlan),
        ResponseExample = PlanJson(Plan),
        Errors = [VariantIds, TooManyVariants, PlanNotFound, NotStored],
    };

    public static RouteDoc RemoveVariants { get; } = new()
    {
        Summary = "Remove variants from a selling plan",
        Description = $"Dissociates up to {StoqSellingPlanEndpoints.MaxVariantsPerAssociation:N0} variants from the plan, while the caller waits; answers the plan.",
        Request = typeof(StoqVariantIdsRequest),
        RequestExample = Json(new StoqVariantIdsRequest([102])),
        Response = typeof(StoqSellingPlan),
        ResponseExample = PlanJson(Plan with { VariantIds = [101, 103] }),
        Errors = [VariantIds, TooManyVariants, PlanNotFound, NotStored],
    };

    public static RouteDoc BulkToggleInventoryPolicy { get; } = new()
    {
        Summary = "Set the inventory policy of a plan's variants",
        Description = """
            Queues a job that sets `inventory_policy` (`CONTINUE` or `DENY`) on the requested variants that
            belong to the plan, in batches; it answers as soon as the job is stored, before any variant has
            changed. Follow the job with its route. Repeated with its `Idempotency-Key`, it answers the same
            job and queues nothing new.
            """,
        Request = typeof(StoqToggleRequest),
        RequestExample = Json(new StoqToggleRequest([103, 101, 999], InventoryPolicy.Continue)),
        Response = typeof(StoqToggleResponse),
        ResponseExample = Json(new StoqToggleResponse(true, "Inventory policy update to CONTINUE queued for 2 variants", [103, 101], JobId)),
        Errors =
        [
            VariantIds,
            Error(StatusCodes.Status400BadRequest, "inventory_policy is required", "`inventory_policy` is missing."),
            PlanNotFound,
            Error(StatusCodes.Status422UnprocessableEntity, "inventory_policy must be CONTINUE or DENY", "`inventory_policy` is not exactly `CONTINUE` or `DENY`."),
            NotStored,
        ],
    };

    public static RouteDoc GetJob { get; } = new()
    {
        Summary = "Read an inventory-policy job",
        Description = "A job's state (`queued`, `running`, `completed`, `failed`) and progress, stored after each batch.",
        Response = typeof(StoqInventoryPolicyJob),
        ResponseExample = StoqJson.Write(new InventoryPolicyJob(JobId, PlanId, InventoryPolicyJobState.Completed, InventoryPolicy.Continue, 2, 2, 1, 1, Created, Created.AddSeconds(1), null)),
        Errors =
        [
            PlanNotFound,
            Error(StatusCodes.Status404NotFound, "Job not found", "No job has this id, or the job belongs to another plan."),
        ],
    };

    public static RouteDoc GetVariant { get; } = new()
    {
        Summary = "Read a variant",
        Description = "A variant's inventory policy and the plans it belongs to; a variant never touched is `DENY` with `updated_at: null`.",
        Response = typeof(StoqVariant),
        ResponseExample = StoqJson.Write(new Variant(103, InventoryPolicy.Continue, [PlanId], Created.AddSeconds(1))),
        Errors = [Error(StatusCodes.Status400BadRequest, "variant_id must be a positive integer", "The variant id is not a positive integer.")],
    };

    private static RouteError Error(int status, string message, string when) => RouteError.Of(
        new DialectError(status, status == StatusCodes.Status404NotFound ? DialectErrorCode.NotFound : DialectErrorCode.InvalidArgument, message), when);

    private static SellingPlanSettings Clone(Action<SellingPlanSettings> change)
    {
        var settings = Settings.Clone();
        change(settings);
        return settings;
    }
}
