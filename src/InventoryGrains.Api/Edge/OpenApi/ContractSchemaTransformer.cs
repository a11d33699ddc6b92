using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace InventoryGrains.Api.Edge.OpenApi;

/// <summary>
/// Makes the generated schemas say what the contracts carry. The generator knows only the
/// front-end's default JSON options, which read numbers from strings too and make every
/// constructor parameter of a record required; the contracts carry numbers, and mark what is required.
/// </summary>
public sealed class ContractSchemaTransformer : IOpenApiSchemaTransformer
{
    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(context);
        var typeInfo = context.JsonTypeInfo;
        if (schema.Type is { } kind && (kind & (JsonSchemaType.Integer | JsonSchemaType.Number)) != 0 && !typeInfo.Type.IsEnum)
        {
            KeepNumbersNumeric(schema, context.JsonPropertyInfo);
        }

        if (typeInfo.Kind == JsonTypeInfoKind.Object && schema.Properties is { Count: > 0 })
        {
            SetRequired(schema, typeInfo);
        }

        if (typeInfo.Type == typeof(ProblemDetails) && schema.Properties is not null)
        {
            // Added by the problem details writer to every answer of the service's own routes.
            schema.Properties["traceId"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "The request's trace id, as logged." };
        }

        return Task.CompletedTask;
    }

    /// <summary>
    /// "integer or string" becomes "integer", except for fields that are strings on the wire (a Wix
    /// revision, which is read either way).
    /// </summary>
    private static void KeepNumbersNumeric(OpenApiSchema schema, JsonPropertyInfo? property)
    {
        var writtenAsString = property?.AttributeProvider?.GetCustomAttributes(typeof(JsonNumberHandlingAttribute), inherit: false)
            .OfType<JsonNumberHandlingAttribute>()
            .Any(attribute => attribute.Handling.HasFlag(JsonNumberHandling.WriteAsString)) == true;
        if (!writtenAsString && schema.Type is { } kind && (kind & JsonSchemaType.String) != 0)
        {
            schema.Type = kind & ~JsonSchemaType.String;
            schema.Pattern = null;
        }
    }

    /// <summary>
    /// Required: what a request must carry, or an answer always carries. That is every non-nullable
    /// constructor parameter of a record, every <c>required</c> member and every field marked
    /// <see cref="DocumentedRequiredAttribute"/>; a nullable field is optional.
    /// </summary>
    private static void SetRequired(OpenApiSchema schema, JsonTypeInfo typeInfo)
    {
        var required = typeInfo.Properties
            .Where(property => property.IsRequired
                || property.AttributeProvider?.IsDefined(typeof(DocumentedRequiredAttribute), inherit: false) == true
                || (property.AssociatedParameter is not null && !property.IsGetNullable))
            .Select(property => property.Name)
            .ToHashSet(StringComparer.Ordinal);
        schema.Required = required.Count == 0 ? null : required;
    }
}
