using System.Text.Json;
using System.Text.Json.Serialization;
using InventoryGrains.Api.Edge;

namespace InventoryGrains.Api.Dialects.Bspk;

/// <summary>BSPK platform inventory batches: snake_case, always rate limited, errors as <see cref="BspkErrorBody"/>.</summary>
public sealed class BspkDialect : IDialect
{
    public static BspkDialect Instance { get; } = new();

    private BspkDialect()
    {
    }

    public string Name => "bspk";

    public string Tag => "BSPK";

    public string Prefix => "/api/platform";

    public JsonSerializerOptions Json => JsonStyles.SnakeCase;

    public DialectRateLimit RateLimit => DialectRateLimit.Always;

    public DialectDocumentation Documentation { get; } = new(
        "**BSPK** — platform inventory batches", "`/api/platform/v1/products/inventories/batches`", "snake_case",
        "`BspkErrorBody` `{\"errors\": [{\"title\", \"code\"}]}`",
        "BSPK platform inventory batches: create or update by (`sku`, `store_ref`), ordered by each record's effective time `at`. Always rate limited.");

    public IResult ErrorResult(DialectError problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        return TypedResults.Json(new BspkErrorBody([new BspkError(problem.Message, Code(problem.Code))]), Json, statusCode: problem.Status);
    }

    private static string Code(DialectErrorCode code) => code switch
    {
        DialectErrorCode.Unauthenticated => "unauthorized",
        DialectErrorCode.NotFound => "not_found",
        DialectErrorCode.MethodNotAllowed => "method_not_allowed",
        DialectErrorCode.PayloadTooLarge => "payload_too_large",
        DialectErrorCode.Throttled => "throttled",
        DialectErrorCode.Unavailable => "unavailable",
        DialectErrorCode.IdempotencyKeyReused => "idempotency_key_reused",
        DialectErrorCode.IdempotencyKeyInUse => "idempotency_key_in_use",
        DialectErrorCode.UnsupportedMediaType => "unsupported_media_type",
        DialectErrorCode.Internal => "internal_error",
        _ => "invalid_request",
    };
}

/// <summary>BSPK: <c>{"errors": [{"title": "…", "code": "…"}]}</c>.</summary>
public sealed record BspkErrorBody([property: JsonPropertyName("errors")] IReadOnlyList<BspkError> Errors);

public sealed record BspkError([property: JsonPropertyName("title")] string Title, [property: JsonPropertyName("code")] string Code);
