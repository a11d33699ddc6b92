using System.Text.Json;
using InventoryGrains.Api.Edge;

namespace InventoryGrains.Api.Dialects.Wix;

/// <summary>Wix Stores Catalog V3 inventory: camelCase, errors as <see cref="WixErrorBody"/>.</summary>
public sealed class WixDialect : IDialect
{
    public static WixDialect Instance { get; } = new();

    private WixDialect()
    {
    }

    public string Name => "wix";

    public string Tag => "Wix";

    public string Prefix => "/stores";

    public JsonSerializerOptions Json => JsonStyles.CamelCase;

    public DialectRateLimit RateLimit => DialectRateLimit.WhenConfigured;

    public DialectDocumentation Documentation { get; } = new(
        "**Wix** — Stores Catalog V3 inventory", "`/stores/v3`", "camelCase; revisions are strings",
        "`WixErrorBody`: `message`, and `details.applicationError` with `code`, `description` and, for some codes, `data`",
        "Wix Stores Catalog V3 inventory under `/stores/v3`: camelCase JSON, `revision` as a string. Single-item routes answer item errors with 400, 404, 409, 428 or 503; bulk routes answer 200 with one result per entry.");

    public IResult ErrorResult(DialectError problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        var data = problem.Field is { } field ? new Dictionary<string, string> { ["field"] = field } : null;
        return TypedResults.Json(WixErrorBody.Of(Code(problem.Code), problem.Message, data), Json, statusCode: problem.Status);
    }

    /// <summary>Wix's spelling of a whole-request error code.</summary>
    public static string Code(DialectErrorCode code) => code switch
    {
        DialectErrorCode.Unauthenticated => "UNAUTHENTICATED",
        DialectErrorCode.NotFound => "NOT_FOUND",
        DialectErrorCode.MethodNotAllowed => "METHOD_NOT_ALLOWED",
        DialectErrorCode.PayloadTooLarge => "PAYLOAD_TOO_LARGE",
        DialectErrorCode.Throttled => "RESOURCE_EXHAUSTED",
        DialectErrorCode.Unavailable => "UNAVAILABLE",
        DialectErrorCode.IdempotencyKeyReused => "IDEMPOTENCY_KEY_REUSED",
        DialectErrorCode.IdempotencyKeyInUse => "IDEMPOTENCY_KEY_IN_USE",
        DialectErrorCode.UnsupportedMediaType => "UNSUPPORTED_MEDIA_TYPE",
        DialectErrorCode.Internal => "INTERNAL",
        _ => "INVALID_ARGUMENT",
    };
}
