namespace InventoryGrains.Hosting.Telemetry;

/// <summary>Whether this process serves <c>GET /metrics</c>. Bound from <c>Inventory:Metrics</c>.</summary>
public sealed class MetricsOptions
{
    public const string SectionName = "Inventory:Metrics";

    /// <summary>
    /// Serve the Prometheus scrape endpoint, without a key. Unset: only in the embedded mode; a
    /// cluster's processes serve it when this is true (scrape them on an internal network).
    /// </summary>
    public bool? Enabled { get; set; }
}
