using InventoryGrains.Api.Edge.Idempotency;

namespace InventoryGrains.Api.Edge;

/// <summary>A whole-request error, before it is put in the shape of the dialect that was called.</summary>
/// <param name="Status">The HTTP status.</param>
/// <param name="Code">A machine-readable code; each dialect spells it its own way.</param>
/// <param name="Message">A human-readable description.</param>
public sealed record DialectError(int Status, DialectErrorCode Code, string Message)
{
    public static DialectError Unauthenticated() =>
        new(StatusCodes.Status401Unauthorized, DialectErrorCode.Unauthenticated, "A valid API key is required.");

    public static DialectError BadRequest(string message) =>
        new(StatusCodes.Status400BadRequest, DialectErrorCode.InvalidArgument, message);

    public static DialectError Unprocessable(string message) =>
        new(StatusCodes.Status422UnprocessableEntity, DialectErrorCode.InvalidArgument, message);

    public static DialectError NotFound(string message) =>
        new(StatusCodes.Status404NotFound, DialectErrorCode.NotFound, message);

    public static DialectError PayloadTooLarge(long limit) =>
        new(StatusCodes.Status413PayloadTooLarge, DialectErrorCode.PayloadTooLarge, $"The request body is larger than {limit} bytes.");

    public static DialectError Throttled(int retryAfterSeconds) =>
        new(StatusCodes.Status429TooManyRequests, DialectErrorCode.Throttled, $"Rate limit exceeded; retry after {retryAfterSeconds} s.");

    public static DialectError Unavailable() =>
        new(StatusCodes.Status503ServiceUnavailable, DialectErrorCode.Unavailable,
            "The service could not reach its cluster; the outcome is unknown. Try again (with the same Idempotency-Key, it is applied at most once).");

    /// <summary>A body the JSON binder could not read: not JSON, a value of the wrong type, a number out of range.</summary>
    public static DialectError InvalidJson() => BadRequest("The request body is not valid JSON for this route.");

    public static DialectError IdempotencyKeyInvalid() =>
        BadRequest($"{IdempotencyMiddleware.KeyHeader} must be 1 to {IdempotencyMiddleware.MaxKeyLength} visible ASCII characters, given once.");

    public static DialectError IdempotencyKeyInUse(string key) =>
        new(StatusCodes.Status409Conflict, DialectErrorCode.IdempotencyKeyInUse,
            $"The first request with {IdempotencyMiddleware.KeyHeader} '{key}' is still running; try again shortly.");

    public static DialectError IdempotencyKeyReused(string key) =>
        new(StatusCodes.Status422UnprocessableEntity, DialectErrorCode.IdempotencyKeyReused,
            $"{IdempotencyMiddleware.KeyHeader} '{key}' was used for a different request (method, path or body); use a new key for a new request.");

    public static DialectError UnsupportedMediaType() =>
        new(StatusCodes.Status415UnsupportedMediaType, DialectErrorCode.InvalidArgument, "The request body must be JSON (Content-Type: application/json).");

    /// <summary>An HTTP status the routing answered on its own (no such route, or not with that method).</summary>
    public static DialectError ForStatus(int status, string method, string path) => status switch
    {
        StatusCodes.Status404NotFound => NotFound($"There is no route {path}."),
        StatusCodes.Status405MethodNotAllowed => new(status, DialectErrorCode.MethodNotAllowed, $"{path} does not take {method}."),
        _ => new(status, DialectErrorCode.InvalidArgument, $"The request to {path} was refused ({status})."),
    };
}

public enum DialectErrorCode
{
    InvalidArgument,
    Unauthenticated,
    NotFound,
    MethodNotAllowed,
    PayloadTooLarge,
    Throttled,
    Unavailable,
    IdempotencyKeyReused,
    IdempotencyKeyInUse,
}
