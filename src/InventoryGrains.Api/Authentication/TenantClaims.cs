using System.Security.Claims;

namespace InventoryGrains.Api.Authentication;

public static class TenantClaims
{
    public const string Tenant = "inventory:tenant";

    /// <summary>The presented key's <see cref="ApiKeyStore"/> id; never the key itself.</summary>
    public const string KeyId = "inventory:key-id";

    /// <summary>The tenant of an authenticated request; every grain key is built from it.</summary>
    public static string GetTenant(this ClaimsPrincipal user) =>
        user.FindFirstValue(Tenant) ?? throw new InvalidOperationException("The request is not authenticated.");
}
