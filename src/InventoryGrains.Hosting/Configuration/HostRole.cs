namespace InventoryGrains.Hosting.Configuration;

/// <summary>What the API process is, chosen by <c>Inventory:Role</c>.</summary>
public enum HostRole
{
    /// <summary>The process hosts a silo and serves the API on top of it.</summary>
    Combined,

    /// <summary>The process is a pure grain client of a cluster whose silos run elsewhere.</summary>
    Client,
}
