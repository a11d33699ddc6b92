using InventoryGrains.Abstractions;
using InventoryGrains.Abstractions.Inventory;
using InventoryGrains.Abstractions.Inventory.Jobs;
using InventoryGrains.Api.Authentication;
using InventoryGrains.Api.Edge;
using InventoryGrains.Api.Edge.OpenApi;
using InventoryGrains.Domain.Items;

namespace InventoryGrains.Api.Service;

/// <summary><c>GET /v1/inventory-item-jobs/{jobId}</c>: a by-filter job of the caller's tenant, its state and outcome counts.</summary>
public static class ItemJobEndpoints
{
    public static IEndpointRouteBuilder MapItemJobEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/v1/inventory-item-jobs/{jobId}", GetAsync)
            .AcceptsQuery()
            .WithName("GetInventoryItemJob")
            .WithTags(ProblemDetailsDialect.Instance.Tag)
            .Documented(new RouteDoc
            {
                Summary = "A by-filter job: its state and per-item outcome counts",
                Description = "The job a Wix by-filter method started. `state` is `RUNNING` until every selected item was processed, then `COMPLETED`; "
                    + "`failuresByCode` counts the items that failed, by error code. Another tenant's job is 404.",
                Response = typeof(ItemJobResponse),
                ResponseExample = new ItemJobResponse("7c9e6679-7425-40de-944b-e07fc1f90ae7", "COMPLETED", 120, 118, 2,
                    new Dictionary<string, long> { ["INSUFFICIENT_INVENTORY"] = 2 }, new DateTimeOffset(2026, 3, 1, 10, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 3, 1, 10, 0, 2, TimeSpan.Zero)),
                Errors = [RouteError.Of(DialectError.NotFound("Job '7c9e6679-7425-40de-944b-e07fc1f90ae7' was not found."), "No job has this id in the key's tenant.")],
            });
        return endpoints;
    }

    private static async Task<IResult> GetAsync(string jobId, HttpContext context, IGrainFactory grains)
    {
        if (string.IsNullOrWhiteSpace(jobId) || jobId.Length > 256)
        {
            return ProblemDetailsDialect.Instance.ErrorResult(DialectError.NotFound($"Job '{jobId}' was not found."));
        }

        var job = await grains.GetGrain<IItemFilterJobGrain>(TenantKey.Format(context.User.GetTenant(), jobId)).GetAsync();
        return job is null
            ? ProblemDetailsDialect.Instance.ErrorResult(DialectError.NotFound($"Job '{jobId}' was not found."))
            : TypedResults.Ok(new ItemJobResponse(job.JobId, job.State.ContractName(), job.Processed, job.Succeeded, job.Failed,
                new Dictionary<string, long>(job.FailuresByCode), job.CreatedAt, job.CompletedAt));
    }

    public sealed record ItemJobResponse(
        string JobId, string State, long Processed, long Succeeded, long Failed, Dictionary<string, long> FailuresByCode, DateTimeOffset CreatedAt, DateTimeOffset? CompletedAt);
}
