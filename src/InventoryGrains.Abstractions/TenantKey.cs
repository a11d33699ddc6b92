namespace InventoryGrains.Abstractions;

/// <summary>
/// The key of every tenant-owned grain: the tenant, then the grain's own id, so that no request of
/// one tenant can address another tenant's grain.
/// </summary>
public static class TenantKey
{
    private const char Separator = '/';

    public static string Format(string tenant, string localId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(tenant);
        ArgumentException.ThrowIfNullOrWhiteSpace(localId);
        if (tenant.Contains(Separator, StringComparison.Ordinal))
        {
            throw new ArgumentException($"A tenant name cannot contain '{Separator}'.", nameof(tenant));
        }

        return $"{tenant}{Separator}{localId}";
    }

    public static (string Tenant, string LocalId) Parse(string key)
    {
        var separator = key.IndexOf(Separator, StringComparison.Ordinal);
        return separator > 0 && separator < key.Length - 1
            ? (key[..separator], key[(separator + 1)..])
            : throw new FormatException($"Not a tenant key: '{key}'.");
    }
}
