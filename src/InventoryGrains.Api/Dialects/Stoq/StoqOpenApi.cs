using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using InventoryGrains.Abstractions.SellingPlans;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace InventoryGrains.Api.Dialects.Stoq;

/// <summary>
/// What the generated schemas cannot know of Stoq's wire format (<see cref="StoqJson"/>): enum
/// values as strings, the selling plan settings in snake_case, and a plan as read being its id,
/// every setting and what the service maintains.
/// </summary>
public sealed class StoqSchemaTransformer : IOpenApiSchemaTransformer, IOpenApiDocumentTransformer
{
    /// <summary>What Stoq adds to the OpenAPI document: its schema names, and its enums as the strings it writes.</summary>
    public static void Configure(OpenApiOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.CreateSchemaReferenceId = SchemaReferenceId;
        options.AddSchemaTransformer<StoqSchemaTransformer>();
        options.AddDocumentTransformer<StoqSchemaTransformer>();
    }

    /// <summary>The component of the selling plan settings: what Stoq calls <c>SellingPlanInput</c>.</summary>
    public const string SellingPlanInputId = "StoqSellingPlanInput";

    /// <summary>The schema's name among the components: the default, but for the settings.</summary>
    public static string? SchemaReferenceId(JsonTypeInfo typeInfo)
    {
        ArgumentNullException.ThrowIfNull(typeInfo);
        return typeInfo.Type == typeof(SellingPlanSettings) ? SellingPlanInputId : OpenApiOptions.CreateDefaultSchemaReferenceId(typeInfo);
    }

    /// <summary>The enums of the Stoq contract (all in the selling plan namespace) as the strings Stoq writes.</summary>
    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(context);
        var type = Nullable.GetUnderlyingType(context.JsonTypeInfo.Type) ?? context.JsonTypeInfo.Type;
        if (type.IsEnum && type.Namespace == typeof(SellingPlanSettings).Namespace)
        {
            var nullable = schema.Type is { } kind && (kind & JsonSchemaType.Null) != 0;
            schema.Type = nullable ? JsonSchemaType.String | JsonSchemaType.Null : JsonSchemaType.String;
            schema.Format = null;
            schema.Pattern = null;
            schema.Enum = [.. Enum.GetValues(type).Cast<object>()
                .Select(value => (JsonNode)JsonValue.Create(JsonSerializer.SerializeToElement(value, type, StoqJson.Options).GetString()!))];
        }

        return Task.CompletedTask;
    }

    /// <summary>
    /// On the finished components: property schemas are reached by their generated names until
    /// then, and a reference resolves only once its component exists.
    /// </summary>
    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(document);
        var schemas = document.Components?.Schemas ?? new Dictionary<string, IOpenApiSchema>();
        if (schemas.TryGetValue(SellingPlanInputId, out var found) && found is OpenApiSchema input && input.Properties is { } properties)
        {
            input.Properties = properties.ToDictionary(pair => StoqJson.WireName(pair.Key), pair => pair.Value, StringComparer.Ordinal);
        }

        if (schemas.TryGetValue(nameof(StoqSellingPlan), out found) && found is OpenApiSchema plan)
        {
            plan.AllOf = [new OpenApiSchemaReference(SellingPlanInputId, document)];
        }

        return Task.CompletedTask;
    }
}
