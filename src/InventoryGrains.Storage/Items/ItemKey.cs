using InventoryGrains.Abstractions.Inventory;
using InventoryGrains.Domain.Items;

namespace InventoryGrains.Storage.Items;

/// <summary>Where an item lives in the store: its tenant and its id. Ordered ordinally, tenant first.</summary>
public readonly record struct ItemKey(string Tenant, string ItemId)
{
    /// <summary>The key of an item grain (<see cref="InventoryItemKey"/>).</summary>
    public static ItemKey From(GrainId grainId)
    {
        var (tenant, itemId) = InventoryItemKey.Parse(grainId.Key.ToString()!);
        return new ItemKey(tenant, itemId);
    }

    /// <summary>Ordinal order, tenant first: the order in which batches lock rows.</summary>
    public static int Compare(ItemKey x, ItemKey y)
    {
        var tenant = string.CompareOrdinal(x.Tenant, y.Tenant);
        return tenant != 0 ? tenant : string.CompareOrdinal(x.ItemId, y.ItemId);
    }

    public override string ToString() => InventoryItemKey.Format(Tenant, ItemId);
}
