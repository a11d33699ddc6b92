using InventoryGrains.Api.Authentication;

namespace InventoryGrains.Api.Service;

public static class TenantEndpoints
{
    /// <summary><c>GET /tenant</c>: which tenant the presented API key acts for.</summary>
    public static IEndpointRouteBuilder MapTenantEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/tenant", (HttpContext context) => TypedResults.Ok(new TenantResponse(context.User.GetTenant())))
            .WithName("GetTenant")
            .WithSummary("The tenant (shop) the presented API key acts for.");
        return endpoints;
    }

    public sealed record TenantResponse(string Tenant);
}
