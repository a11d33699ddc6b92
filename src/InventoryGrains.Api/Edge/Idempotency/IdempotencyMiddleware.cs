using System.Security.Cryptography;
using InventoryGrains.Api.Authentication;

namespace InventoryGrains.Api.Edge.Idempotency;

/// <summary>
/// Makes every mutating route safe to retry with an <c>Idempotency-Key</c>. The first request with
/// a key runs as usual, its entries carrying the operation ids (key, entry index) the items record
/// with the changes they apply, and its answer is stored. A repeat with the same key and the same
/// request (method, path, body) gets the stored answer with <c>Idempotent-Replayed: true</c>; if
/// that answer had an unknown outcome (an entry answered <c>UNAVAILABLE</c>, or the whole request
/// 5xx), the request runs again instead, and each item answers what it already applied without
/// applying it twice. The same key with another request is 422; a repeat while the first still
/// runs is 409. While the store cannot be reached, requests run with their operation ids and no
/// stored answer (the items still apply each entry once).
/// </summary>
public sealed partial class IdempotencyMiddleware(RequestDelegate next, IIdempotencyStore store, PendingCompletions pending, ILogger<IdempotencyMiddleware> logger)
{
    public const string KeyHeader = "Idempotency-Key";
    public const string ReplayedHeader = "Idempotent-Replayed";
    public const int MaxKeyLength = 255;

    public async Task InvokeAsync(HttpContext context)
    {
        if (!IsMutation(context) || !context.Request.Headers.TryGetValue(KeyHeader, out var values) || context.User.Identity?.IsAuthenticated != true)
        {
            await next(context);
            return;
        }

        var key = values.ToString();
        if (values.Count != 1 || !IsValidKey(key))
        {
            await DialectErrors.WriteAsync(context, DialectError.IdempotencyKeyInvalid());
            return;
        }

        var tenant = context.User.GetTenant();
        var fingerprint = await FingerprintAsync(context.Request);
        var aborted = context.RequestAborted;
        IdempotencyClaim claim;
        try
        {
            claim = await store.ClaimAsync(tenant, key, fingerprint, aborted);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // The store is away (most likely with the database, so the entries will answer
            // UNAVAILABLE themselves). The request still runs with its operation ids, so a repeat
            // applies nothing twice; only its answer is not kept for a replay.
            LogStoreFailed(logger, exception);
            context.Features.Set(new IdempotencyFeature(key));
            await next(context);
            return;
        }

        switch (claim.Kind)
        {
            case IdempotencyClaimKind.Reused:
                await DialectErrors.WriteAsync(context, DialectError.IdempotencyKeyReused(key));
                return;
            case IdempotencyClaimKind.InUse:
                await DialectErrors.WriteAsync(context, DialectError.IdempotencyKeyInUse(key));
                return;
            case IdempotencyClaimKind.Replay:
                context.Response.StatusCode = claim.Response!.Status;
                context.Response.ContentType = claim.Response.ContentType;
                context.Response.Headers[ReplayedHeader] = "true";
                await context.Response.Body.WriteAsync(claim.Response.Body, aborted);
                return;
        }

        await RunAsync(context, tenant, key, claim.Repeat);
    }

    /// <summary>Runs the request that holds the key, stores its answer, then sends it.</summary>
    private async Task RunAsync(HttpContext context, string tenant, string key, bool repeat)
    {
        var idempotency = new IdempotencyFeature(key);
        context.Features.Set(idempotency);
        var original = context.Response.Body;
        using var buffer = new MemoryStream();
        context.Response.Body = buffer;
        try
        {
            await next(context);
        }
        catch
        {
            // No answer to keep: the key is free again for a repeat (which runs, and is deduplicated
            // by the items' operation ids).
            context.Response.Body = original;
            await store.ReleaseAsync(tenant, key, CancellationToken.None);
            throw;
        }

        context.Response.Body = original;
        var status = context.Response.StatusCode;
        var response = new StoredResponse(status, context.Response.ContentType, buffer.ToArray());
        var final = status < StatusCodes.Status500InternalServerError && !idempotency.HasUnknownOutcome;
        try
        {
            // Stored before it is sent: a repeat that arrives as soon as the caller has the answer finds it.
            await store.CompleteAsync(tenant, key, response, final, CancellationToken.None);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // The answer stands, and is stored once the store is back; a repeat before then is told
            // the key is in use.
            LogStoreFailed(logger, exception);
            pending.Add(tenant, key, response, final);
        }

        if (repeat)
        {
            context.Response.Headers[ReplayedHeader] = "true";
        }

        await original.WriteAsync(response.Body, context.RequestAborted);
    }

    private static bool IsMutation(HttpContext context) =>
        context.GetEndpoint() is { } endpoint
        && endpoint.Metadata.GetMetadata<ReadOnlyRoute>() is null
        && (HttpMethods.IsPost(context.Request.Method) || HttpMethods.IsPut(context.Request.Method)
            || HttpMethods.IsPatch(context.Request.Method) || HttpMethods.IsDelete(context.Request.Method));

    /// <summary>1 to 255 visible ASCII characters (a single header value).</summary>
    public static bool IsValidKey(string key) =>
        key.Length is > 0 and <= MaxKeyLength && key.All(c => c is >= '!' and <= '~');

    /// <summary>A hash of the method, the path (with its query) and the raw body: what "the same request" means.</summary>
    private static async Task<byte[]> FingerprintAsync(HttpRequest request)
    {
        request.EnableBuffering();
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(System.Text.Encoding.UTF8.GetBytes($"{request.Method}\n{request.Path}{request.QueryString}\n"));
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, request.HttpContext.RequestAborted)) > 0)
        {
            hash.AppendData(chunk, 0, read);
        }

        request.Body.Position = 0;
        return hash.GetHashAndReset();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The idempotency store could not be used")]
    private static partial void LogStoreFailed(ILogger logger, Exception exception);
}
