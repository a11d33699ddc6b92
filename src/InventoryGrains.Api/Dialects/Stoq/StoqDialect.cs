using System.Text.Json;
using System.Text.Json.Serialization;
using InventoryGrains.Api.Edge;

namespace InventoryGrains.Api.Dialects.Stoq;

/// <summary>Stoq preorders: snake_case, errors as <see cref="StoqErrorBody"/> or, for fields, <see cref="StoqFieldErrorsBody"/>.</summary>
public sealed class StoqDialect : IDialect
{
    public static StoqDialect Instance { get; } = new();

    private StoqDialect()
    {
    }

    public string Name => "stoq";

    public string Tag => "Stoq";

    public string Prefix => "/api/v1/external";

    public JsonSerializerOptions Json => JsonStyles.SnakeCase;

    public DialectRateLimit RateLimit => DialectRateLimit.WhenConfigured;

    public DialectDocumentation Documentation { get; } = new(
        "**Stoq** — preorders: selling plans, variants, inventory-policy jobs", "`/api/v1/external`", "snake_case",
        "`StoqErrorBody` `{\"error\"}`; a broken plan rule or a reused idempotency key: `StoqFieldErrorsBody` `{\"errors\": {field: [messages]}}`",
        "Stoq preorders under `/api/v1/external`: selling plans, their variants, bulk inventory-policy jobs and variants. snake_case JSON.");

    public IResult ErrorResult(DialectError problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        return problem.Code is DialectErrorCode.IdempotencyKeyReused or DialectErrorCode.IdempotencyKeyInUse
            ? TypedResults.Json(new StoqFieldErrorsBody(new Dictionary<string, IReadOnlyList<string>> { ["idempotency_key"] = [problem.Message] }), Json, statusCode: problem.Status)
            : TypedResults.Json(new StoqErrorBody(problem.Code == DialectErrorCode.Unauthenticated ? "Unauthorized" : problem.Message), Json, statusCode: problem.Status);
    }
}

/// <summary>Stoq: <c>{"error": "…"}</c>.</summary>
public sealed record StoqErrorBody([property: JsonPropertyName("error")] string Error);

/// <summary>Stoq, for invalid fields: <c>{"errors": {"field": ["message", …]}}</c>.</summary>
public sealed record StoqFieldErrorsBody([property: JsonPropertyName("errors")] IReadOnlyDictionary<string, IReadOnlyList<string>> Errors);
