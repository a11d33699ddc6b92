namespace InventoryGrains.Api.Service;

public static class ServiceIndexEndpoints
{
    /// <summary><c>GET /</c>, without a key: where a newcomer finds the API reference and the health routes.</summary>
    public static IEndpointRouteBuilder MapServiceIndex(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/", () => TypedResults.Ok(new ServiceIndex(
                "InventoryGrains",
                new ServiceLinks("/scalar/v1", "/openapi/v1.json", "/health/live", "/health/ready"))))
            .AllowAnonymous()
            .WithName("GetServiceIndex")
            .WithSummary("Links to the API reference, the OpenAPI document and the health routes.");
        return endpoints;
    }

    public sealed record ServiceIndex(string Service, ServiceLinks Links);

    /// <param name="ApiReference">The interactive API page.</param>
    public sealed record ServiceLinks(string ApiReference, string OpenApi, string Live, string Ready);
}
