using InventoryGrains.Api.Edge;
using InventoryGrains.Api.Edge.OpenApi;

namespace InventoryGrains.Api.Service;

public static class ServiceIndexEndpoints
{
    private static readonly ServiceIndex Index = new(
        "InventoryGrains",
        new ServiceLinks("/scalar/v1", "/openapi/v1.json", "/health/live", "/health/ready"));

    /// <summary><c>GET /</c>, without a key: where a newcomer finds the API reference and the health routes.</summary>
    public static IEndpointRouteBuilder MapServiceIndex(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/", () => TypedResults.Ok(Index))
            .AllowAnonymous()
            .WithName("GetServiceIndex")
            .WithTags(ProblemDetailsDialect.Instance.Tag)
            .Documented(new RouteDoc
            {
                Summary = "Links to the API reference, the OpenAPI document and the health routes.",
                Description = "Needs no key. `/health/live` answers while the process runs; `/health/ready` when a silo answers within 5 s (and, with PostgreSQL storage, the database).",
                Response = typeof(ServiceIndex),
                ResponseExample = Index,
            });
        return endpoints;
    }

    public sealed record ServiceIndex(string Service, ServiceLinks Links);

    /// <param name="ApiReference">The interactive API page.</param>
    public sealed record ServiceLinks(string ApiReference, string OpenApi, string Live, string Ready);
}
