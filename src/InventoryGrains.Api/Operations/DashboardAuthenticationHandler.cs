using System.Net.Http.Headers;
using System.Security.Claims;
using System.Text;
using System.Text.Encodings.Web;
using InventoryGrains.Api.Authentication;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace InventoryGrains.Api.Operations;

/// <summary>
/// The dashboard's sign-in: the same API keys, checked the same way, in any form the API accepts,
/// and also as the password of HTTP Basic authentication (any user name). A browser cannot add a
/// header to the page and the requests its script makes, but it asks for Basic credentials when
/// challenged and then sends them with every request of the page itself.
/// </summary>
public sealed class DashboardAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ApiKeyStore keys)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Dashboard";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var presented = ReadBasicPassword(Request.Headers) ?? ApiKeyAuthenticationHandler.ReadPresentedKey(Request.Headers);
        if (presented is null)
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        if (!keys.TryResolveTenant(presented, out var tenant, out var keyId))
        {
            // Never the key itself: it would end up in logs.
            return Task.FromResult(AuthenticateResult.Fail("Unknown API key."));
        }

        var identity = new ClaimsIdentity([new Claim(TenantClaims.Tenant, tenant), new Claim(TenantClaims.KeyId, keyId)], SchemeName);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Basic realm=\"InventoryGrains dashboard\", charset=\"UTF-8\"";
        return Response.WriteAsync("The dashboard needs an API key: as X-Auth-Token or Authorization, or as the password of HTTP Basic authentication.");
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status403Forbidden;
        return Response.WriteAsync("This key's tenant may not open the dashboard: list it in Inventory:Dashboard:Tenants.");
    }

    /// <summary>The password of <c>Authorization: Basic base64(user:password)</c>, or null for any other form.</summary>
    internal static string? ReadBasicPassword(IHeaderDictionary headers)
    {
        if (!AuthenticationHeaderValue.TryParse(headers.Authorization.ToString(), out var header)
            || !string.Equals(header.Scheme, "Basic", StringComparison.OrdinalIgnoreCase)
            || header.Parameter is null)
        {
            return null;
        }

        var decoded = new byte[(header.Parameter.Length * 3 / 4) + 3];
        if (!Convert.TryFromBase64String(header.Parameter, decoded, out var length))
        {
            return null;
        }

        var credentials = Encoding.UTF8.GetString(decoded, 0, length);
        var colon = credentials.IndexOf(':', StringComparison.Ordinal);
        var password = colon < 0 ? "" : credentials[(colon + 1)..];
        return password.Length > 0 ? password : null;
    }
}
