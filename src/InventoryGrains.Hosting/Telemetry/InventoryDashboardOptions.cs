namespace InventoryGrains.Hosting.Telemetry;

/// <summary>The Orleans Dashboard. Bound from <c>Inventory:Dashboard</c>.</summary>
public sealed class InventoryDashboardOptions
{
    public const string SectionName = "Inventory:Dashboard";

    /// <summary>
    /// Silos collect the dashboard's figures (a grain call filter that times every call) and APIs
    /// serve it at <c>/dashboard</c>. Every silo of a cluster must have it for an API to show it.
    /// </summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// Outside the embedded mode, the tenants whose API keys may open the dashboard. It shows the
    /// whole cluster, every tenant's grains and their state included, so a merchant's key does not
    /// open it unless its tenant is listed here; with none listed, no key does.
    /// </summary>
    public List<string> Tenants { get; set; } = [];
}
