using System.Globalization;
using InventoryGrains.Abstractions.RateLimiting;
using InventoryGrains.Api.Authentication;
using InventoryGrains.Api.Edge;
using Microsoft.Extensions.Options;

namespace InventoryGrains.Api.RateLimiting;

/// <summary>
/// Counts every authenticated request to a limited dialect in the key's rate-limit grain, so the
/// count is one for the whole cluster; ASP.NET Core's own limiters count per process. Every
/// limited response carries <c>X-RateLimit-Limit</c> and <c>X-RateLimit-Remaining</c>; a request
/// over the limit gets 429 with <c>Retry-After</c> in the dialect's error shape.
/// </summary>
public sealed class ClusterRateLimitMiddleware(RequestDelegate next, IOptions<RateLimitOptions> options, IGrainFactory grains)
{
    private readonly RateLimitOptions _settings = options.Value;

    public async Task InvokeAsync(HttpContext context)
    {
        var keyId = context.User.FindFirst(TenantClaims.KeyId)?.Value;
        var dialect = DialectCatalog.For(context);
        if (keyId is null || !_settings.Limits(dialect))
        {
            await next(context);
            return;
        }

        var decision = await grains.GetGrain<IRateLimitGrain>(keyId)
            .AcquireAsync(_settings.PermitLimit, TimeSpan.FromSeconds(_settings.WindowSeconds));
        context.Response.Headers["X-RateLimit-Limit"] = decision.Limit.ToString(CultureInfo.InvariantCulture);
        context.Response.Headers["X-RateLimit-Remaining"] = decision.Remaining.ToString(CultureInfo.InvariantCulture);
        if (decision.Allowed)
        {
            await next(context);
            return;
        }

        RateLimitTelemetry.Rejected(dialect);
        var retryAfter = (int)Math.Ceiling(decision.RetryAfter.TotalSeconds);
        context.Response.Headers.RetryAfter = retryAfter.ToString(CultureInfo.InvariantCulture);
        await DialectErrors.WriteAsync(context, DialectError.Throttled(retryAfter));
    }
}
