using InventoryGrains.Api.Authentication;
using InventoryGrains.Api.Edge;
using InventoryGrains.Api.Edge.OpenApi;

namespace InventoryGrains.Api.Service;

public static class TenantEndpoints
{
    /// <summary><c>GET /tenant</c>: which tenant the presented API key acts for.</summary>
    public static IEndpointRouteBuilder MapTenantEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/tenant", (HttpContext context) => TypedResults.Ok(new TenantResponse(context.User.GetTenant())))
            .WithName("GetTenant")
            .WithTags(ProblemDetailsDialect.Instance.Tag)
            .Documented(new RouteDoc
            {
                Summary = "The tenant (shop) the presented API key acts for.",
                Description = "Every request acts for the tenant of its key, and reaches only that tenant's items, plans and jobs.",
                Response = typeof(TenantResponse),
                ResponseExample = new TenantResponse("shop-1"),
            });
        return endpoints;
    }

    public sealed record TenantResponse(string Tenant);
}
