using InventoryGrains.Api.Authentication;
using InventoryGrains.Hosting.Configuration;
using InventoryGrains.Hosting.Telemetry;
using Microsoft.AspNetCore.Authentication;
using Orleans.Dashboard;

namespace InventoryGrains.Api.Operations;

/// <summary>
/// The Orleans Dashboard at <c>/dashboard</c>, in both roles (an API that hosts a silo and a pure
/// grain client), kept out of the OpenAPI document. The embedded mode on its development key (no key
/// configured) serves it without a key, like <c>/metrics</c>. Everywhere else — any key configured,
/// in any mode — it shows every tenant's grains, so it takes an API key whose tenant
/// <c>Inventory:Dashboard:Tenants</c> lists.
/// </summary>
public static class DashboardEndpoints
{
    public const string PolicyName = "InventoryDashboard";

    /// <summary>Who may open the dashboard, and a start-up line saying so (and whether <c>/metrics</c> is served).</summary>
    public static IServiceCollection AddInventoryOperations(this IServiceCollection services, IConfiguration configuration, InventoryDeployment deployment)
    {
        services.AddHostedService<OperationsStartupReport>();
        var settings = configuration.ReadDashboardOptions();
        if (!settings.Enabled || ApiKeyAuthenticationExtensions.DevelopmentKeyActive(configuration, deployment))
        {
            return services;
        }

        var tenants = settings.Tenants.Where(t => !string.IsNullOrWhiteSpace(t)).ToHashSet(StringComparer.Ordinal);
        services.AddAuthentication()
            .AddScheme<AuthenticationSchemeOptions, DashboardAuthenticationHandler>(DashboardAuthenticationHandler.SchemeName, null);
        services.AddAuthorizationBuilder().AddPolicy(PolicyName, policy => policy
            .AddAuthenticationSchemes(DashboardAuthenticationHandler.SchemeName)
            .RequireAuthenticatedUser()
            .RequireAssertion(context => context.User.FindFirst(TenantClaims.Tenant)?.Value is { } tenant && tenants.Contains(tenant)));
        return services;
    }

    public static IEndpointRouteBuilder MapInventoryDashboard(this IEndpointRouteBuilder endpoints)
    {
        var configuration = endpoints.ServiceProvider.GetRequiredService<IConfiguration>();
        if (!configuration.ReadDashboardOptions().Enabled)
        {
            return endpoints;
        }

        var dashboard = endpoints.MapOrleansDashboard(routePrefix: OrleansDiagnostics.DashboardPath).ExcludeFromDescription();
        if (ApiKeyAuthenticationExtensions.DevelopmentKeyActive(configuration, endpoints.ServiceProvider.GetRequiredService<InventoryDeployment>()))
        {
            dashboard.AllowAnonymous();
        }
        else
        {
            dashboard.RequireAuthorization(PolicyName);
        }

        return endpoints;
    }
}
