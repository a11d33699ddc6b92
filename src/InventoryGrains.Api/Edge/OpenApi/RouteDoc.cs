using System.Text.Json;
using System.Text.Json.Nodes;
using InventoryGrains.Api.Edge.Idempotency;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;

namespace InventoryGrains.Api.Edge.OpenApi;

/// <summary>
/// What the API reference says about one route: its summary, its body, its success answer and the
/// errors that are its own. The errors every route of its kind shares (401 without a key; 400, 413
/// and 415 for a body; the idempotency answers of a change; 429 and 503 of a dialect route) are
/// added by <see cref="RouteDocumentation.Documented{TBuilder}"/>, in the shape of the route's dialect.
/// </summary>
public sealed record RouteDoc
{
    /// <summary>One line, shown as the operation's title.</summary>
    public required string Summary { get; init; }

    /// <summary>Markdown, shown under the title.</summary>
    public string? Description { get; init; }

    /// <summary>
    /// The body's contract, for a handler that reads the body as raw JSON (it reports a body of
    /// the wrong shape in the dialect's own words); null when the handler's body parameter is the contract.
    /// </summary>
    public Type? Request { get; init; }

    /// <summary>A well-formed body (a contract record, or JSON as the dialect writes it).</summary>
    public object? RequestExample { get; init; }

    public int Status { get; init; } = StatusCodes.Status200OK;

    /// <summary>The success answer's body; null for an answer without one (204).</summary>
    public required Type? Response { get; init; }

    /// <summary>A success answer (a contract record, or JSON as the dialect writes it); null when it has no body.</summary>
    public required object? ResponseExample { get; init; }

    /// <summary>The errors of this route beyond those every route of its kind shares.</summary>
    public IReadOnlyList<RouteError> Errors { get; init; } = [];
}

/// <summary>An error answer a route can give, and when.</summary>
/// <param name="When">Why the route answers so; one Markdown line of the response's description.</param>
/// <param name="Error">A whole-request error, put in the route's dialect shape.</param>
/// <param name="Body">Or a body of the dialect's error types, for errors with more than a message.</param>
/// <param name="ContentType">The media type of <paramref name="Body"/>.</param>
public sealed record RouteError(int Status, string When, DialectError? Error = null, object? Body = null, string ContentType = "application/json")
{
    public static RouteError Of(DialectError error, string when)
    {
        ArgumentNullException.ThrowIfNull(error);
        return new(error.Status, when, error);
    }

    public static RouteError WithBody(int status, object body, string when, string contentType = "application/json") => new(status, when, null, body, contentType);
}

/// <summary>One documented answer, resolved for the route's dialect: the body type and an example of it.</summary>
public sealed record DocumentedAnswer(int Status, string When, Type BodyType, string ContentType, JsonNode Example);

/// <summary>Endpoint metadata: the route's documentation and every answer it can give, resolved for its dialect.</summary>
public sealed record DocumentedRoute(RouteDoc Doc, IDialect Dialect, bool RequiresKey, bool Mutates, IReadOnlyList<DocumentedAnswer> Answers)
{
    public JsonNode? RequestExample => Doc.RequestExample is null ? null : RouteDocumentation.ToJson(Doc.RequestExample, Dialect);

    public JsonNode? ResponseExample => Doc.ResponseExample is null ? null : RouteDocumentation.ToJson(Doc.ResponseExample, Dialect);
}

public static class RouteDocumentation
{
    /// <summary>The <c>Idempotency-Key</c> of the examples.</summary>
    public const string ExampleKey = "order-8812-cancel";

    /// <summary>
    /// Documents the route: summary, description, body, success answer, and every error answer in
    /// the shape of the route's dialect (read from its group's <see cref="DialectMetadata"/>), each
    /// with an example built by the same code that writes the real answer.
    /// </summary>
    public static TBuilder Documented<TBuilder>(this TBuilder builder, RouteDoc doc) where TBuilder : IEndpointConventionBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(doc);
        builder.WithSummary(doc.Summary);
        if (doc.Description is not null)
        {
            builder.WithDescription(doc.Description);
        }

        if (doc.Request is not null)
        {
            builder.WithMetadata(new AcceptsMetadata(["application/json"], doc.Request));
        }

        // Finally: the group's dialect, the handler's inferred body and the route's own
        // AllowAnonymous are all in the metadata by then.
        builder.Finally(endpoint =>
        {
            var metadata = endpoint.Metadata;
            var dialect = metadata.OfType<DialectMetadata>().LastOrDefault()?.Dialect ?? ProblemDetailsDialect.Instance;
            var requiresKey = !metadata.OfType<IAllowAnonymous>().Any();
            var methods = metadata.OfType<IHttpMethodMetadata>().LastOrDefault()?.HttpMethods ?? [];
            var mutates = !metadata.OfType<ReadOnlyRoute>().Any() && methods.Any(method => HttpMethods.IsPost(method) || HttpMethods.IsPut(method) || HttpMethods.IsPatch(method) || HttpMethods.IsDelete(method));
            var hasBody = doc.Request is not null || metadata.OfType<IAcceptsMetadata>().Any(accepts => accepts.RequestType is not null);
            var answers = Answers(doc, dialect, requiresKey, mutates && requiresKey, hasBody);
            metadata.Add(doc.Response is null
                ? new ProducesResponseTypeMetadata(doc.Status, typeof(void))
                : new ProducesResponseTypeMetadata(doc.Status, doc.Response, ["application/json"]));
            foreach (var status in answers.GroupBy(answer => answer.Status))
            {
                var first = status.First();
                metadata.Add(new ProducesResponseTypeMetadata(first.Status, first.BodyType, [first.ContentType]));
            }

            metadata.Add(new DocumentedRoute(doc, dialect, requiresKey, mutates && requiresKey, answers));
        });
        return builder;
    }

    /// <summary>The error answers of a route: its own, then those every route of its kind shares.</summary>
    private static List<DocumentedAnswer> Answers(RouteDoc doc, IDialect dialect, bool requiresKey, bool idempotent, bool hasBody)
    {
        var errors = new List<RouteError>(doc.Errors);
        if (hasBody)
        {
            errors.Add(RouteError.Of(DialectError.InvalidJson(),
                "The body is not valid JSON, or holds a value of the wrong JSON type or a number out of range."));
        }

        if (idempotent)
        {
            errors.Add(RouteError.Of(DialectError.IdempotencyKeyInvalid(),
                $"The `{IdempotencyMiddleware.KeyHeader}` header is not 1–{IdempotencyMiddleware.MaxKeyLength} visible ASCII characters, or is given more than once."));
        }

        if (requiresKey)
        {
            errors.Add(RouteError.Of(DialectError.Unauthenticated(), "The API key is missing or unknown."));
        }

        if (idempotent)
        {
            errors.Add(RouteError.Of(DialectError.IdempotencyKeyInUse(ExampleKey),
                $"The first request with this `{IdempotencyMiddleware.KeyHeader}` is still running (`IDEMPOTENCY_KEY_IN_USE`): wait a moment and repeat."));
        }

        if (hasBody)
        {
            errors.Add(RouteError.Of(DialectError.PayloadTooLarge(new RequestBodyOptions().MaxRequestBodyBytes),
                "The body is larger than `Inventory:Http:MaxRequestBodyBytes` (4 MiB by default)."));
            errors.Add(RouteError.Of(DialectError.UnsupportedMediaType(), "The body is sent without `Content-Type: application/json`."));
        }

        if (idempotent)
        {
            errors.Add(RouteError.Of(DialectError.IdempotencyKeyReused(ExampleKey),
                $"This `{IdempotencyMiddleware.KeyHeader}` was used before for a different request (`IDEMPOTENCY_KEY_REUSED`): use a new key for a new request."));
        }

        if (dialect.RateLimit != DialectRateLimit.Never)
        {
            errors.Add(RouteError.Of(DialectError.Throttled(10),
                dialect.RateLimit == DialectRateLimit.Always
                    ? "Over the API key's rate limit; `Retry-After` gives the seconds until the window closes."
                    : $"Over the API key's rate limit, when `Inventory:RateLimit:AdditionalDialects` includes `{dialect.Tag}`; `Retry-After` gives the seconds until the window closes."));
            errors.Add(RouteError.Of(DialectError.Unavailable(),
                "The cluster could not be reached: the outcome is unknown. Repeat the request (with the same `Idempotency-Key`, a change is applied at most once)."));
        }

        return [.. errors
            .Select(error => Resolve(error, dialect))
            .OrderBy(answer => answer.Status)];
    }

    private static DocumentedAnswer Resolve(RouteError error, IDialect dialect)
    {
        if (error.Body is { } body)
        {
            return new DocumentedAnswer(error.Status, error.When, body.GetType(), error.ContentType, ToJson(body, dialect));
        }

        var result = dialect.ErrorResult(error.Error ?? throw new InvalidOperationException($"The {error.Status} error of a route has neither an error nor a body."));
        return result switch
        {
            ProblemHttpResult problem => new DocumentedAnswer(error.Status, error.When, typeof(ProblemDetails), "application/problem+json",
                JsonSerializer.SerializeToNode(problem.ProblemDetails, JsonSerializerOptions.Web)!),
            IValueHttpResult { Value: { } value } => new DocumentedAnswer(error.Status, error.When, value.GetType(), "application/json", ToJson(value, dialect)),
            _ => throw new InvalidOperationException($"The {dialect.Name} error result {result.GetType().Name} has no body to document."),
        };
    }

    /// <summary>
    /// An example as the dialect writes it: JSON as given (for answers a dialect writes with options of
    /// its own), or a record written with the dialect's JSON options.
    /// </summary>
    public static JsonNode ToJson(object example, IDialect dialect) => example switch
    {
        JsonNode node => node.DeepClone(),
        _ => JsonSerializer.SerializeToNode(example, example.GetType(), dialect.Json)!,
    };
}
