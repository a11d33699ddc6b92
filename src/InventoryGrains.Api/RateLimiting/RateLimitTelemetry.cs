using System.Diagnostics.Metrics;
using InventoryGrains.Abstractions.Diagnostics;
using InventoryGrains.Api.Edge;

namespace InventoryGrains.Api.RateLimiting;

/// <summary>The HTTP edge's own instrument: requests the cluster-wide rate limit turned away.</summary>
public static class RateLimitTelemetry
{
    public const string Name = "InventoryGrains.Edge";

    private static readonly Meter Meter = new(Name);

    private static readonly Counter<long> Rejections = Meter.CreateCounter<long>(
        "inventory.rate_limit.rejections", "{request}", "Requests answered 429 by the cluster-wide rate limit, by dialect.");

    internal static void Rejected(IDialect dialect) =>
        Rejections.Add(1, new KeyValuePair<string, object?>(TelemetryTags.Dialect, dialect.Name));
}
