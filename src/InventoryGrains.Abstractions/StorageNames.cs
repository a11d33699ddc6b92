namespace InventoryGrains.Abstractions;

/// <summary>Names of the grain storage providers the grains persist their state in.</summary>
public static class StorageNames
{
    /// <summary>The provider that holds every grain's durable state.</summary>
    public const string Inventory = "inventory";
}
