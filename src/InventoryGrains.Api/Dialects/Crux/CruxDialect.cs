using System.Text.Json;
using System.Text.Json.Serialization;
using InventoryGrains.Api.Edge;

namespace InventoryGrains.Api.Dialects.Crux;

/// <summary>Crux TIMP SKUs: snake_case, bare arrays, errors as <see cref="CruxErrorBody"/>.</summary>
public sealed class CruxDialect : IDialect
{
    public static CruxDialect Instance { get; } = new();

    private CruxDialect()
    {
    }

    public string Name => "crux";

    public string Tag => "Crux";

    public string Prefix => "/timp";

    public JsonSerializerOptions Json => JsonStyles.SnakeCase;

    public DialectRateLimit RateLimit => DialectRateLimit.WhenConfigured;

    public DialectDocumentation Documentation { get; } = new(
        "**Crux** — TIMP SKU inventory", "`/timp/products/skus/`", "snake_case; bodies are bare arrays, one status per element",
        "`CruxErrorBody` `{\"detail\"}`",
        $"Crux TIMP SKUs under `/timp/products/skus/`: the body is a bare JSON array of 1 to {BulkPipeline.MaxEntries} SKU objects, and the answer an array with a `status_code` per element (HTTP 200 whenever the array could be read). Paths end with `/`, as in the original API; they are served without it too.");

    public IResult ErrorResult(DialectError problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        return TypedResults.Json(new CruxErrorBody(problem.Message), Json, statusCode: problem.Status);
    }
}

/// <summary>Crux: <c>{"detail": "…"}</c>.</summary>
public sealed record CruxErrorBody([property: JsonPropertyName("detail")] string Detail);
