using System.Text.Json.Nodes;
using InventoryGrains.Api.Edge.Idempotency;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;

namespace InventoryGrains.Api.Edge.OpenApi;

/// <summary>
/// Completes each documented operation from its <see cref="DocumentedRoute"/>: why each status is
/// answered and an example of each, the API key it needs, the <c>Idempotency-Key</c> header of a
/// change, and the headers of rate-limited answers. The schemas themselves come from the route's
/// produces metadata; a status with bodies of more than one type is one of them.
/// </summary>
public sealed class DocumentedOperationTransformer(IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> jsonOptions, IOptionsMonitor<OpenApiOptions> openApiOptions)
    : IOpenApiOperationTransformer
{
    public async Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentNullException.ThrowIfNull(context);
        var route = context.Description.ActionDescriptor.EndpointMetadata.OfType<DocumentedRoute>().LastOrDefault();
        if (route is null || context.Document is not { } document)
        {
            return;
        }

        DocumentRequestBody(operation, route);
        DocumentSuccess(operation, route);
        foreach (var status in route.Answers.GroupBy(answer => answer.Status))
        {
            await DocumentErrorAsync(operation, status.ToList(), document, context, cancellationToken);
        }

        if (route.RequiresKey)
        {
            operation.Security = ApiKeySchemes.Requirements(document);
        }

        if (route.Mutates)
        {
            operation.Parameters ??= [];
            operation.Parameters.Add(new OpenApiParameter
            {
                Name = IdempotencyMiddleware.KeyHeader,
                In = ParameterLocation.Header,
                Required = false,
                Description = $"""
                    Makes the change safe to repeat: 1–{IdempotencyMiddleware.MaxKeyLength} visible ASCII characters, chosen by the caller, one per change.
                    A repeat with the same key and the same request is answered as the first was (`{IdempotencyMiddleware.ReplayedHeader}: true`),
                    and each of its entries is applied at most once; the same key with another request is 422, while the first still runs 409.
                    Without it, a request sent twice is applied twice.
                    """,
                Schema = new OpenApiSchema { Type = JsonSchemaType.String, MinLength = 1, MaxLength = IdempotencyMiddleware.MaxKeyLength },

                // Shown, never sent on its own: a key the reference page filled in for every request
                // would replay the second change sent from it and refuse every other (x-disabled
                // is the page's switch for an example that starts unticked).
                Examples = new Dictionary<string, IOpenApiExample>
                {
                    ["key"] = new OpenApiExample
                    {
                        Summary = "A key of the caller's own, one per change",
                        Value = JsonValue.Create(RouteDocumentation.ExampleKey),
                        Extensions = new Dictionary<string, IOpenApiExtension> { ["x-disabled"] = new JsonNodeExtension(JsonValue.Create(true)) },
                    },
                },
            });
        }
    }

    private static void DocumentRequestBody(OpenApiOperation operation, DocumentedRoute route)
    {
        if (operation.RequestBody is not OpenApiRequestBody body || body.Content is null)
        {
            return;
        }

        // Every body is required: without one the route answers 400 in its dialect's shape.
        body.Required = true;
        foreach (var media in body.Content.Values.OfType<OpenApiMediaType>())
        {
            if (media.Schema is OpenApiSchema { OneOf: { Count: 2 } oneOf } && oneOf.SingleOrDefault(schema => schema.Type == JsonSchemaType.Null) is { } nullSchema)
            {
                media.Schema = oneOf.Single(schema => !ReferenceEquals(schema, nullSchema));
            }

            media.Example = route.RequestExample;
        }
    }

    private static void DocumentSuccess(OpenApiOperation operation, DocumentedRoute route)
    {
        if (operation.Responses?.TryGetValue(Status(route.Doc.Status), out var answer) != true || answer is not OpenApiResponse response)
        {
            return;
        }

        foreach (var media in response.Content?.Values.OfType<OpenApiMediaType>() ?? [])
        {
            if (route.ResponseExample is JsonObject { Count: 0 })
            {
                // The document writer leaves an empty object out as an example value; as a named
                // example it stays, with its summary saying what it is.
                media.Examples = new Dictionary<string, IOpenApiExample>
                {
                    ["empty"] = new OpenApiExample { Summary = "An empty object: `{}`", Value = route.ResponseExample },
                };
            }
            else
            {
                media.Example = route.ResponseExample;
            }
        }

        if (route.Mutates)
        {
            response.Headers ??= new Dictionary<string, IOpenApiHeader>();
            response.Headers[IdempotencyMiddleware.ReplayedHeader] = new OpenApiHeader
            {
                Description = $"`true` on the answer to a repeat with the same `{IdempotencyMiddleware.KeyHeader}`.",
                Schema = new OpenApiSchema { Type = JsonSchemaType.String },
            };
        }
    }

    private async Task DocumentErrorAsync(
        OpenApiOperation operation, List<DocumentedAnswer> answers, OpenApiDocument document, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var status = answers[0].Status;
        if (operation.Responses?.TryGetValue(Status(status), out var answer) != true || answer is not OpenApiResponse response)
        {
            throw new InvalidOperationException($"{context.Description.RelativePath}: the {status} answer is documented but not in the operation.");
        }

        response.Description = answers.Count == 1
            ? answers[0].When
            : string.Join("\n", answers.Select(a => $"- {a.When}"));
        var contentType = answers[0].ContentType;
        var media = response.Content?[contentType] as OpenApiMediaType
            ?? throw new InvalidOperationException($"{context.Description.RelativePath}: the {status} answer has no {contentType} content.");
        var types = answers.Select(a => a.BodyType).Distinct().ToList();
        if (types.Count > 1)
        {
            var alternatives = new List<IOpenApiSchema>();
            foreach (var type in types)
            {
                alternatives.Add(await ReferenceAsync(type, document, context, cancellationToken));
            }

            media.Schema = new OpenApiSchema { OneOf = alternatives };
        }

        media.Example = null;
        media.Examples = answers
            .Select((a, index) => (Key: $"{status}-{index + 1}", Example: (IOpenApiExample)new OpenApiExample { Summary = a.When, Value = a.Example }))
            .ToDictionary(pair => pair.Key, pair => pair.Example);
        if (status == StatusCodes.Status429TooManyRequests)
        {
            response.Headers ??= new Dictionary<string, IOpenApiHeader>();
            response.Headers["Retry-After"] = IntegerHeader("Whole seconds until the rate-limit window closes.");
            response.Headers["X-RateLimit-Limit"] = IntegerHeader("Requests the key may make per window.");
            response.Headers["X-RateLimit-Remaining"] = IntegerHeader("Requests left in the current window: 0.");
        }
    }

    /// <summary>A reference to the type's component schema, created when no operation produced it yet.</summary>
    private async Task<IOpenApiSchema> ReferenceAsync(Type type, OpenApiDocument document, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var id = openApiOptions.Get(context.DocumentName).CreateSchemaReferenceId(jsonOptions.Value.SerializerOptions.GetTypeInfo(type))
            ?? throw new InvalidOperationException($"{type.Name} has no component schema.");
        if (document.Components?.Schemas?.ContainsKey(id) != true)
        {
            document.AddComponent(id, await context.GetOrCreateSchemaAsync(type, cancellationToken: cancellationToken));
        }

        return new OpenApiSchemaReference(id, document);
    }

    private static OpenApiHeader IntegerHeader(string description) =>
        new() { Description = description, Schema = new OpenApiSchema { Type = JsonSchemaType.Integer } };

    private static string Status(int status) => status.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
