using InventoryGrains.Domain.Items;

namespace InventoryGrains.Abstractions.Inventory;

/// <summary>The key of an inventory item grain: a <see cref="TenantKey"/> whose local id is the item id.</summary>
public static class InventoryItemKey
{
    public static string Format(string tenant, string itemId) => TenantKey.Format(tenant, itemId);

    public static (string Tenant, string ItemId) Parse(string key) => TenantKey.Parse(key);
}
