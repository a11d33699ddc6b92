using System.Text.Json;

namespace InventoryGrains.Api.Edge;

/// <summary>
/// The service's own routes (the index, health, the API reference, <c>/tenant</c>, <c>/v1</c>):
/// errors as RFC 9457 problem details, never rate limited.
/// </summary>
public sealed class ProblemDetailsDialect : IDialect
{
    public static ProblemDetailsDialect Instance { get; } = new();

    private ProblemDetailsDialect()
    {
    }

    public string Name => "service";

    public string Tag => "Service";

    public string Prefix => "";

    public JsonSerializerOptions Json => JsonStyles.CamelCase;

    public DialectRateLimit RateLimit => DialectRateLimit.Never;

    public DialectDocumentation Documentation { get; } = new(
        "**Service** — the service's own routes", "`/`, `/v1`", "camelCase",
        "problem details (`application/problem+json`)",
        "The service's own routes: the index of links, the tenant of a key, jobs, the change feed and the item ledger, webhooks.");

    public IResult ErrorResult(DialectError problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        return TypedResults.Problem(statusCode: problem.Status, title: Title(problem), detail: problem.Message);
    }

    private static string Title(DialectError error) => error.Code switch
    {
        DialectErrorCode.Unauthenticated => "Unauthorized",
        DialectErrorCode.NotFound => "Not Found",
        DialectErrorCode.MethodNotAllowed => "Method Not Allowed",
        DialectErrorCode.PayloadTooLarge => "Payload Too Large",
        DialectErrorCode.Throttled => "Too Many Requests",
        DialectErrorCode.Unavailable => "Service Unavailable",
        DialectErrorCode.IdempotencyKeyReused => "Idempotency Key Reused",
        DialectErrorCode.IdempotencyKeyInUse => "Idempotency Key In Use",
        DialectErrorCode.UnsupportedMediaType => "Unsupported Media Type",
        DialectErrorCode.Internal => "Internal Server Error",
        _ => error.Status == StatusCodes.Status422UnprocessableEntity ? "Unprocessable Entity" : "Bad Request",
    };
}
