using Microsoft.AspNetCore.Mvc.ApiExplorer;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace InventoryGrains.Api.Edge.OpenApi;

/// <summary>
/// Some handlers read their body as raw JSON, so that they can report a body of the wrong shape in
/// their dialect's words; the API description would show that body as "any JSON". For a route whose
/// <see cref="RouteDoc.Request"/> names the contract, this shows the contract instead. Only the
/// description changes: the handler still reads what it reads.
/// </summary>
public sealed class DeclaredBodyApiDescriptionProvider : IApiDescriptionProvider
{
    // After the endpoint provider (-1100), which creates the descriptions.
    public int Order => 0;

    public void OnProvidersExecuting(ApiDescriptionProviderContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        foreach (var description in context.Results)
        {
            var declared = description.ActionDescriptor.EndpointMetadata.OfType<DocumentedRoute>().LastOrDefault()?.Doc.Request;
            if (declared is null)
            {
                continue;
            }

            var body = description.ParameterDescriptions.SingleOrDefault(parameter => parameter.Source == BindingSource.Body)
                ?? throw new InvalidOperationException($"{description.RelativePath} declares a {declared.Name} body, but its handler reads no body.");
            body.Type = declared;
        }
    }

    public void OnProvidersExecuted(ApiDescriptionProviderContext context)
    {
    }
}
