using System.ComponentModel.DataAnnotations;
using InventoryGrains.Api.Edge;
using Microsoft.Extensions.Options;

namespace InventoryGrains.Api.RateLimiting;

/// <summary>The cluster-wide per-key request limit (configuration section <c>Inventory:RateLimit</c>).</summary>
public sealed class RateLimitOptions
{
    public const string SectionName = "Inventory:RateLimit";

    [Range(1, int.MaxValue)]
    public int PermitLimit { get; set; } = 100;

    [Range(1, 86_400)]
    public int WindowSeconds { get; set; } = 10;

    /// <summary>Dialects limited besides BSPK, whose contract always has the limit.</summary>
    public List<Dialect> AdditionalDialects { get; set; } = [];

    public bool Limits(Dialect dialect) => dialect == Dialect.Bspk || (dialect != Dialect.None && AdditionalDialects.Contains(dialect));
}

[OptionsValidator]
public sealed partial class RateLimitOptionsValidator : IValidateOptions<RateLimitOptions>;
