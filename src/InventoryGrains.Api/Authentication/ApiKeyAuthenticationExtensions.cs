using InventoryGrains.Hosting.Configuration;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace InventoryGrains.Api.Authentication;

public static class ApiKeyAuthenticationExtensions
{
    /// <summary>
    /// Registers API-key authentication for every route, with keys from <c>Inventory:ApiKeys</c>
    /// (each needs a key and a tenant, checked at start). Only the embedded mode with no
    /// configured key falls back to the development key.
    /// </summary>
    public static IServiceCollection AddApiKeyAuthentication(
        this IServiceCollection services, IConfiguration configuration, InventoryDeployment deployment)
    {
        services.AddValidatedOptions<ApiKeysOptions, ApiKeysOptionsValidator>(configuration.GetSection(ApiKeysOptions.SectionName));
        var development = DevelopmentKeyActive(configuration, deployment);
        services.AddSingleton(provider => development
            ? new ApiKeyStore([new ApiKeyOptions { Key = ApiKeyStore.DevelopmentKey, Tenant = ApiKeyStore.DevelopmentTenant }], usesDevelopmentKey: true)
            : new ApiKeyStore(provider.GetRequiredService<IOptions<ApiKeysOptions>>().Value.ApiKeys, usesDevelopmentKey: false));
        services.AddAuthentication(ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new Microsoft.AspNetCore.Authorization.AuthorizationPolicyBuilder()
                .RequireAuthenticatedUser()
                .Build());
        return services;
    }

    /// <summary>
    /// Whether this process runs on the development key alone: the embedded mode with no key
    /// configured. Then nothing it holds belongs to anyone but the developer at the keyboard; with
    /// any key configured, every route (the dashboard's too) needs one.
    /// </summary>
    public static bool DevelopmentKeyActive(IConfiguration configuration, InventoryDeployment deployment)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(deployment);
        return deployment.IsEmbedded && !configuration.GetSection(ApiKeyOptions.SectionName).GetChildren().Any();
    }
}
