namespace InventoryGrains.Abstractions.Inventory;

/// <summary>
/// The key of an inventory item grain: tenant and item id, so that no request of one tenant can
/// address another tenant's item.
/// </summary>
public static class InventoryItemKey
{
    private const char Separator = '/';

    public static string Format(string tenant, string itemId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(tenant);
        ArgumentException.ThrowIfNullOrWhiteSpace(itemId);
        if (tenant.Contains(Separator, StringComparison.Ordinal))
        {
            throw new ArgumentException($"A tenant name cannot contain '{Separator}'.", nameof(tenant));
        }

        return $"{tenant}{Separator}{itemId}";
    }

    public static (string Tenant, string ItemId) Parse(string key)
    {
        var separator = key.IndexOf(Separator, StringComparison.Ordinal);
        return separator > 0 ? (key[..separator], key[(separator + 1)..]) : throw new FormatException($"Not an item key: '{key}'.");
    }
}
