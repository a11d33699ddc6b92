namespace InventoryGrains.Abstractions;

/// <summary>Names of the grain storage providers the grains persist their state in.</summary>
public static class StorageNames
{
    /// <summary>The provider of the durable state of selling plans, variants, jobs, identifiers and probes.</summary>
    public const string Inventory = "inventory";

    /// <summary>The item store: inventory items' typed rows and their change ledger, written by group commit.</summary>
    public const string Items = "items";
}
