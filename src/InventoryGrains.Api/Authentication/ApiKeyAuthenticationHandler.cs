using System.Diagnostics;
using System.Security.Claims;
using System.Text.Encodings.Web;
using InventoryGrains.Abstractions.Diagnostics;
using InventoryGrains.Api.Edge;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace InventoryGrains.Api.Authentication;

/// <summary>
/// Accepts the key in every form the original APIs use: <c>X-Auth-Token: KEY</c>,
/// <c>Authorization: Bearer KEY</c>, <c>Authorization: Token KEY</c> and <c>Authorization: KEY</c>.
/// </summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ApiKeyStore keys)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var presented = ReadPresentedKey(Request.Headers);
        if (presented is null)
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        if (!keys.TryResolveTenant(presented, out var tenant, out var keyId))
        {
            // The key itself is never part of the failure message: it would end up in logs.
            return Task.FromResult(AuthenticateResult.Fail("Unknown API key."));
        }

        Activity.Current?.SetTag(TelemetryTags.Tenant, tenant);
        var identity = new ClaimsIdentity([new Claim(TenantClaims.Tenant, tenant), new Claim(TenantClaims.KeyId, keyId)], SchemeName);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties) =>
        DialectErrors.WriteAsync(Context, DialectError.Unauthenticated());

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        DialectErrors.WriteAsync(Context, DialectError.Unauthenticated());

    internal static string? ReadPresentedKey(IHeaderDictionary headers)
    {
        var token = headers["X-Auth-Token"].ToString().Trim();
        if (token.Length > 0)
        {
            return token;
        }

        var authorization = headers.Authorization.ToString().Trim();
        if (authorization.Length == 0)
        {
            return null;
        }

        foreach (var scheme in (ReadOnlySpan<string>)["Bearer ", "Token "])
        {
            if (authorization.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
            {
                var key = authorization[scheme.Length..].Trim();
                return key.Length > 0 ? key : null;
            }
        }

        return authorization;
    }
}
