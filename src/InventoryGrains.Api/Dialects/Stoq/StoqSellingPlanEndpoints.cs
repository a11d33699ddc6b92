using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using InventoryGrains.Abstractions;
using InventoryGrains.Abstractions.Idempotency;
using InventoryGrains.Domain.Operations;
using InventoryGrains.Abstractions.SellingPlans;
using InventoryGrains.Api.Authentication;
using InventoryGrains.Api.Edge;
using InventoryGrains.Api.Edge.Idempotency;
using InventoryGrains.Api.Edge.OpenApi;

namespace InventoryGrains.Api.Dialects.Stoq;

/// <summary>The Stoq preorders API: selling plans, their variants and bulk inventory-policy jobs.</summary>
public static partial class StoqSellingPlanEndpoints
{
    public const int MaxPageSize = 100;
    public const int DefaultPageSize = 25;

    /// <summary>Associations are applied while the caller waits, so one call is bounded.</summary>
    public const int MaxVariantsPerAssociation = 10_000;

    public static IEndpointRouteBuilder MapStoqSellingPlanEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var stoq = endpoints.MapDialectGroup(StoqDialect.Instance);
        stoq.MapStoqVariantEndpoints();

        // On the dialect group, so that the pattern is /preorders: a route "/" in a /preorders group would be /preorders/.
        stoq.MapPost("/preorders", CreateAsync).WithName("StoqCreateSellingPlan").Documented(StoqDocs.Create);
        stoq.MapGet("/preorders", ListAsync).WithName("StoqListSellingPlans").Documented(StoqDocs.List);
        var preorders = stoq.MapGroup("/preorders");
        preorders.MapGet("/{id}", GetAsync).WithName("StoqGetSellingPlan").Documented(StoqDocs.Get);
        preorders.MapPut("/{id}", UpdateAsync).WithName("StoqUpdateSellingPlan").Documented(StoqDocs.Update);
        preorders.MapDelete("/{id}", DeleteAsync).WithName("StoqDeleteSellingPlan").Documented(StoqDocs.Delete);
        preorders.MapPost("/{id}/variants", AddVariantsAsync).WithName("StoqAddSellingPlanVariants").Documented(StoqDocs.AddVariants);
        preorders.MapDelete("/{id}/variants", RemoveVariantsAsync).WithName("StoqRemoveSellingPlanVariants").Documented(StoqDocs.RemoveVariants);
        preorders.MapPost("/{id}/bulk_toggle_inventory_policy", BulkToggleInventoryPolicyAsync).WithName("StoqBulkToggleInventoryPolicy").Documented(StoqDocs.BulkToggleInventoryPolicy);
        preorders.MapGet("/{id}/jobs/{jobId}", GetJobAsync).WithName("StoqGetInventoryPolicyJob").Documented(StoqDocs.GetJob);
        return endpoints;
    }

    private static async Task<IResult> CreateAsync(JsonElement body, HttpContext context, IGrainFactory grains)
    {
        if (!TryReadSettings(body, out var patch))
        {
            return Error(StatusCodes.Status400BadRequest, "param is missing or the value is empty: selling_plan");
        }

        // With an idempotency key the plan's id derives from it: a repeat names the plan the first one created.
        var operationId = context.OperationIdOf(0);
        var id = operationId is null ? Guid.NewGuid().ToString("N") : OperationIds.CreatedIdOf(context.User.GetTenant(), operationId).Replace("-", "", StringComparison.Ordinal);
        var result = await Plan(grains, context, id).CreateAsync(patch);
        if (operationId is not null && result.Error?.Code == SellingPlanErrorCode.AlreadyExists)
        {
            result = await Plan(grains, context, id).GetAsync();
        }

        return result.Match(
            plan => TypedResults.Json(StoqJson.Write(plan), StoqJson.Options, statusCode: StatusCodes.Status201Created),
            PlanError);
    }

    private static async Task<IResult> ListAsync(HttpContext context, IGrainFactory grains, int? page, [Microsoft.AspNetCore.Mvc.FromQuery(Name = "per_page")] int? perPage)
    {
        var pageNumber = page ?? 1;
        var size = perPage ?? DefaultPageSize;
        if (pageNumber < 1 || size < 1 || size > MaxPageSize)
        {
            return Error(StatusCodes.Status400BadRequest, $"page must be at least 1 and per_page between 1 and {MaxPageSize}");
        }

        var tenant = context.User.GetTenant();
        var listing = await grains.GetGrain<ISellingPlanDirectoryGrain>(tenant).ListAsync((int)Math.Min((long)(pageNumber - 1) * size, int.MaxValue), size);
        var plans = await Task.WhenAll(listing.PlanIds.Select(id => grains.GetGrain<ISellingPlanGrain>(TenantKey.Format(tenant, id)).GetAsync()));
        var body = new JsonObject
        {
            ["selling_plans"] = new JsonArray([.. plans.SelectMany(r => r.Match<IEnumerable<JsonNode>>(plan => [StoqJson.Write(plan)], _ => []))]),
            ["meta"] = new JsonObject
            {
                ["current_page"] = pageNumber,
                ["per_page"] = size,
                ["total_count"] = listing.Total,
                ["total_pages"] = (listing.Total + size - 1) / size,
            },
        };
        return TypedResults.Json(body, StoqJson.Options);
    }

    private static async Task<IResult> GetAsync(string id, HttpContext context, IGrainFactory grains) =>
        ValidPlanId(id) ? PlanResult(await Plan(grains, context, id).GetAsync()) : PlanError(SellingPlanError.NotFound());

    private static async Task<IResult> UpdateAsync(string id, JsonElement body, HttpContext context, IGrainFactory grains)
    {
        if (!ValidPlanId(id))
        {
            return PlanError(SellingPlanError.NotFound());
        }

        if (!TryReadSettings(body, out var patch))
        {
            return Error(StatusCodes.Status400BadRequest, "param is missing or the value is empty: selling_plan");
        }

        return PlanResult(await Plan(grains, context, id).UpdateAsync(patch));
    }

    private static async Task<IResult> DeleteAsync(string id, HttpContext context, IGrainFactory grains) =>
        ValidPlanId(id) ? PlanResult(await Plan(grains, context, id).DiscardAsync()) : PlanError(SellingPlanError.NotFound());

    private static Task<IResult> AddVariantsAsync(string id, JsonElement body, HttpContext context, IGrainFactory grains) =>
        ChangeVariantsAsync(id, body, (plan, ids) => plan.AddVariantsAsync(ids), context, grains);

    private static Task<IResult> RemoveVariantsAsync(string id, [Microsoft.AspNetCore.Mvc.FromBody] JsonElement body, HttpContext context, IGrainFactory grains) =>
        ChangeVariantsAsync(id, body, (plan, ids) => plan.RemoveVariantsAsync(ids), context, grains);

    private static async Task<IResult> ChangeVariantsAsync(
        string id, JsonElement body, Func<ISellingPlanGrain, IReadOnlyList<long>, Task<SellingPlanResult>> change, HttpContext context, IGrainFactory grains)
    {
        if (!ValidPlanId(id))
        {
            return PlanError(SellingPlanError.NotFound());
        }

        if (!TryReadVariantIds(body, out var ids, out var problem))
        {
            return Error(StatusCodes.Status400BadRequest, problem);
        }

        if (ids.Count > MaxVariantsPerAssociation)
        {
            return Error(StatusCodes.Status400BadRequest, $"at most {MaxVariantsPerAssociation} shopify_variant_ids are accepted per call");
        }

        return PlanResult(await change(Plan(grains, context, id), ids));
    }

    private static async Task<IResult> BulkToggleInventoryPolicyAsync(string id, JsonElement body, HttpContext context, IGrainFactory grains)
    {
        if (!ValidPlanId(id))
        {
            return PlanError(SellingPlanError.NotFound());
        }

        if (!TryReadVariantIds(body, out var ids, out var problem))
        {
            return Error(StatusCodes.Status400BadRequest, problem);
        }

        if (!body.TryGetProperty("inventory_policy", out var policyElement) || policyElement.ValueKind == JsonValueKind.Null)
        {
            return Error(StatusCodes.Status400BadRequest, "inventory_policy is required");
        }

        if (!TryReadPolicy(policyElement, out var policy))
        {
            return Error(StatusCodes.Status422UnprocessableEntity, "inventory_policy must be CONTINUE or DENY");
        }

        var result = await Plan(grains, context, id).QueueInventoryPolicyJobAsync(ids, policy, context.OperationIdOf(0));
        return result.Match<IResult>(ticket => Queued(ticket, policy), PlanError);
    }

    private static Microsoft.AspNetCore.Http.HttpResults.JsonHttpResult<JsonObject> Queued(InventoryPolicyJobTicket ticket, InventoryPolicy policy)
    {
        var queued = ticket.VariantsQueued.Count;
        return TypedResults.Json(new JsonObject
        {
            ["success"] = true,
            ["message"] = $"Inventory policy update to {StoqJson.Enum(policy)} queued for {queued} variant{(queued == 1 ? "" : "s")}",
            ["variants_queued"] = new JsonArray([.. ticket.VariantsQueued.Select(v => (JsonNode)v)]),
            ["job_id"] = ticket.JobId,
        }, StoqJson.Options);
    }

    private static async Task<IResult> GetJobAsync(string id, string jobId, HttpContext context, IGrainFactory grains)
    {
        if (!ValidPlanId(id))
        {
            return PlanError(SellingPlanError.NotFound());
        }

        var job = ValidPlanId(jobId)
            ? await grains.GetGrain<IInventoryPolicyJobGrain>(TenantKey.Format(context.User.GetTenant(), jobId)).GetAsync()
            : null;
        return job is not null && job.PlanId == id
            ? TypedResults.Json(StoqJson.Write(job), StoqJson.Options)
            : Error(StatusCodes.Status404NotFound, "Job not found");
    }

    private static bool TryReadSettings(JsonElement body, out SellingPlanPatch patch)
    {
        if (body.ValueKind == JsonValueKind.Object
            && body.TryGetProperty("selling_plan", out var settings)
            && settings.ValueKind == JsonValueKind.Object)
        {
            patch = StoqJson.ReadPatch(settings);
            return true;
        }

        patch = null!;
        return false;
    }

    private static bool TryReadVariantIds(JsonElement body, out List<long> ids, out string problem)
    {
        ids = [];
        problem = "shopify_variant_ids must be a non-empty array of positive integer variant ids";
        if (body.ValueKind != JsonValueKind.Object
            || !body.TryGetProperty("shopify_variant_ids", out var array)
            || array.ValueKind != JsonValueKind.Array
            || array.GetArrayLength() == 0)
        {
            return false;
        }

        foreach (var element in array.EnumerateArray())
        {
            if (element.ValueKind != JsonValueKind.Number || !element.TryGetInt64(out var variantId) || variantId <= 0)
            {
                return false;
            }

            ids.Add(variantId);
        }

        return true;
    }

    private static bool TryReadPolicy(JsonElement element, out InventoryPolicy policy)
    {
        policy = default;
        return element.ValueKind == JsonValueKind.String
            && element.GetString() is "CONTINUE" or "DENY"
            && Enum.TryParse(element.GetString(), ignoreCase: true, out policy);
    }

    internal static bool ValidPlanId(string id) => PlanIdPattern().IsMatch(id);

    private static ISellingPlanGrain Plan(IGrainFactory grains, HttpContext context, string id) =>
        grains.GetGrain<ISellingPlanGrain>(TenantKey.Format(context.User.GetTenant(), id));

    private static IResult PlanResult(SellingPlanResult result) =>
        result.Match(plan => TypedResults.Json(StoqJson.Write(plan), StoqJson.Options), PlanError);

    private static IResult PlanError(SellingPlanError error) => error.Code switch
    {
        SellingPlanErrorCode.ValidationFailed => TypedResults.Json(
            new StoqFieldErrorsBody(error.FieldErrors!.ToDictionary(e => StoqJson.WireName(e.Key), e => e.Value)),
            StoqJson.Options,
            statusCode: StatusCodes.Status422UnprocessableEntity),
        SellingPlanErrorCode.NotFound => Error(StatusCodes.Status404NotFound, error.Message),
        SellingPlanErrorCode.AlreadyExists => Error(StatusCodes.Status409Conflict, error.Message),
        _ => Error(StatusCodes.Status503ServiceUnavailable, error.Message),
    };

    internal static IResult Error(int status, string message) =>
        StoqDialect.Instance.ErrorResult(new DialectError(status, status == StatusCodes.Status404NotFound ? DialectErrorCode.NotFound : DialectErrorCode.InvalidArgument, message));

    [GeneratedRegex("^[A-Za-z0-9_-]{1,64}$")]
    private static partial Regex PlanIdPattern();
}
