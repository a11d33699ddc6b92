namespace InventoryGrains.Api.Http;

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

    public static DialectError PayloadTooLarge(long limit) =>
        new(StatusCodes.Status413PayloadTooLarge, DialectErrorCode.PayloadTooLarge, $"The request body is larger than {limit} bytes.");

    public static DialectError Throttled(int retryAfterSeconds) =>
        new(StatusCodes.Status429TooManyRequests, DialectErrorCode.Throttled, $"Rate limit exceeded; retry after {retryAfterSeconds} s.");

    public static DialectError Unavailable() =>
        new(StatusCodes.Status503ServiceUnavailable, DialectErrorCode.Unavailable, "The service could not reach its cluster; nothing was changed. Try again.");

    public static DialectError UnsupportedMediaType() =>
        new(StatusCodes.Status415UnsupportedMediaType, DialectErrorCode.InvalidArgument, "The request body must be JSON (Content-Type: application/json).");
}

public enum DialectErrorCode
{
    InvalidArgument,
    Unauthenticated,
    PayloadTooLarge,
    Throttled,
    Unavailable,
}
