using InventoryGrains.Api.Authentication;
using Microsoft.AspNetCore.Mvc.ApiExplorer;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Scalar.AspNetCore;

namespace InventoryGrains.Api.Edge.OpenApi;

public static class InventoryOpenApi
{
    /// <summary>The OpenAPI document <c>v1</c>, completed from each route's <see cref="RouteDoc"/>.</summary>
    /// <param name="dialects">What the dialects add to the document (schema names and transformers of their own).</param>
    public static IServiceCollection AddInventoryOpenApi(this IServiceCollection services, params Action<Microsoft.AspNetCore.OpenApi.OpenApiOptions>[] dialects)
    {
        services.TryAddEnumerable(ServiceDescriptor.Transient<IApiDescriptionProvider, DeclaredBodyApiDescriptionProvider>());
        return services.AddOpenApi(options =>
        {
            // Diagnostic routes (such as a cluster dashboard) are not part of the API.
            options.ShouldInclude = description => description.RelativePath?.StartsWith("dashboard", StringComparison.OrdinalIgnoreCase) != true;
            options.AddSchemaTransformer<ContractSchemaTransformer>();
            options.AddOperationTransformer<DocumentedOperationTransformer>();
            options.AddDocumentTransformer<InventoryDocumentTransformer>();
            foreach (var dialect in dialects)
            {
                dialect(options);
            }
        });
    }

    /// <summary>
    /// The document and its interactive page (<c>/scalar/v1</c>), both without a key. The page sends
    /// the key as <c>X-Auth-Token</c>; in the embedded mode with the development key it fills that in.
    /// </summary>
    public static WebApplication MapInventoryApiReference(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapOpenApi().AllowAnonymous();
        var developmentKey = app.Services.GetRequiredService<ApiKeyStore>().UsesDevelopmentKey;
        app.MapScalarApiReference(options =>
        {
            options.WithTitle(InventoryDocumentTransformer.Title).AddPreferredSecuritySchemes([ApiKeySchemes.XAuthToken]);

            // The page works offline and sends requests only to this service: no web fonts, no
            // buttons or features that reach Scalar's online services (client app, AI agent, MCP,
            // SDK generation and deployment in the developer tools), no telemetry.
            options.DisableDefaultFonts()
                .HideClientButton()
                .DisableAgent()
                .DisableMcp()
                .DisableTelemetry()
                .HideDeveloperTools();
            if (developmentKey)
            {
                options.AddApiKeyAuthentication(ApiKeySchemes.XAuthToken, scheme => scheme.Value = ApiKeyStore.DevelopmentKey);
            }
        }).AllowAnonymous();
        return app;
    }
}
