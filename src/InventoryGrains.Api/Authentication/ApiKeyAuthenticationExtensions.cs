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
        services.AddSingleton(provider =>
        {
            var configured = provider.GetRequiredService<IOptions<ApiKeysOptions>>().Value.ApiKeys;
            return configured.Count == 0 && deployment.IsEmbedded
                ? new ApiKeyStore([new ApiKeyOptions { Key = ApiKeyStore.DevelopmentKey, Tenant = ApiKeyStore.DevelopmentTenant }], usesDevelopmentKey: true)
                : new ApiKeyStore(configured, usesDevelopmentKey: false);
        });
        services.AddAuthentication(ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new Microsoft.AspNetCore.Authorization.AuthorizationPolicyBuilder()
                .RequireAuthenticatedUser()
                .Build());
        return services;
    }
}
