using InventoryGrains.Hosting.Configuration;
using Microsoft.AspNetCore.Authentication;

namespace InventoryGrains.Api.Authentication;

public static class ApiKeyAuthenticationExtensions
{
    /// <summary>
    /// Registers API-key authentication for every route, with keys from <c>Inventory:ApiKeys</c>.
    /// Only the embedded mode with no configured key falls back to the development key.
    /// </summary>
    public static IServiceCollection AddApiKeyAuthentication(
        this IServiceCollection services, IConfiguration configuration, InventoryDeployment deployment)
    {
        var configured = configuration.GetSection(ApiKeySettings.SectionName).Get<List<ApiKeySettings>>() ?? [];
        var invalid = configured.FindIndex(k => string.IsNullOrWhiteSpace(k.Key) || string.IsNullOrWhiteSpace(k.Tenant));
        if (invalid >= 0)
        {
            throw new InvalidOperationException($"'{ApiKeySettings.SectionName}:{invalid}' needs both Key and Tenant.");
        }

        var usesDevelopmentKey = configured.Count == 0 && deployment.IsEmbedded;
        var keys = usesDevelopmentKey
            ? [new ApiKeySettings { Key = ApiKeyStore.DevelopmentKey, Tenant = ApiKeyStore.DevelopmentTenant }]
            : configured;

        services.AddSingleton(new ApiKeyStore(keys));
        services.AddSingleton(new AuthenticationMode(usesDevelopmentKey, keys.Count));
        services.AddAuthentication(ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new Microsoft.AspNetCore.Authorization.AuthorizationPolicyBuilder()
                .RequireAuthenticatedUser()
                .Build());
        return services;
    }
}

/// <summary>How keys were configured, for the start-up report.</summary>
public sealed record AuthenticationMode(bool UsesDevelopmentKey, int KeyCount);
