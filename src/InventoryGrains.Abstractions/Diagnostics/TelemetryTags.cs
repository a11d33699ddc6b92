namespace InventoryGrains.Abstractions.Diagnostics;

/// <summary>
/// Attribute names the service's own metrics and traces share, so that a dashboard or a trace
/// query can join them. The <c>inventory.</c> prefix keeps them apart from OpenTelemetry's own.
/// </summary>
public static class TelemetryTags
{
    /// <summary>The tenant a span acts for. On spans only: as a metric attribute it would grow one series per shop.</summary>
    public const string Tenant = "inventory.tenant";

    /// <summary>The API dialect that asked for a change (<c>wix</c>, <c>stoq</c>, <c>crux</c>, <c>bspk</c>).</summary>
    public const string Dialect = "inventory.dialect";

    /// <summary>Why a change was made, as the contract spells it (<c>MANUAL</c>, <c>ORDER</c>, …).</summary>
    public const string ChangeReason = "inventory.change.reason";

    /// <summary>A per-item error code, as the contract spells it (<c>INSUFFICIENT_INVENTORY</c>, …).</summary>
    public const string ErrorCode = "inventory.error.code";

    /// <summary>The item a span is about.</summary>
    public const string ItemId = "inventory.item.id";
}
