using System.ComponentModel.DataAnnotations;

namespace InventoryGrains.Grains.Identifiers;

/// <summary>The identifier index (configuration section <c>Inventory:Identifiers</c>).</summary>
public sealed class IdentifierIndexOptions
{
    public const string SectionName = "Inventory:Identifiers";

    /// <summary>
    /// How long a claim may stay pending before a claimant may take it from an item that does not
    /// exist. Longer than any item creation may take, so an in-flight creation is never pre-empted.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan PendingClaimTimeout { get; set; } = TimeSpan.FromMinutes(2);
}
