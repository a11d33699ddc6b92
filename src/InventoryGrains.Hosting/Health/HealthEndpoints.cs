using InventoryGrains.Hosting.Configuration;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace InventoryGrains.Hosting.Health;

public static class HealthEndpoints
{
    private const string ReadyTag = "ready";

    public static IServiceCollection AddInventoryHealthChecks(this IServiceCollection services, InventoryDeployment deployment)
    {
        var checks = services.AddHealthChecks().AddCheck<ClusterHealthCheck>("cluster", tags: [ReadyTag]);
        if (deployment.Storage == StorageMode.PostgreSql)
        {
            checks.AddCheck<DatabaseHealthCheck>("database", tags: [ReadyTag]);
        }

        return services;
    }

    /// <summary><c>/health/live</c>: the process answers. <c>/health/ready</c>: cluster (and database) answer.</summary>
    public static IEndpointRouteBuilder MapInventoryHealthChecks(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false }).AllowAnonymous();
        endpoints.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains(ReadyTag) }).AllowAnonymous();
        return endpoints;
    }
}
