using System.ComponentModel.DataAnnotations;

namespace InventoryGrains.Abstractions.Idempotency;

/// <summary>How long idempotency keys are honoured (configuration section <c>Inventory:Idempotency</c>).</summary>
public sealed class IdempotencyOptions
{
    public const string SectionName = "Inventory:Idempotency";

    /// <summary>
    /// How long a request with an <c>Idempotency-Key</c> is remembered: its stored response, and the
    /// operation ids the items record of the changes it applied.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "30.00:00:00")]
    public TimeSpan Retention { get; set; } = TimeSpan.FromHours(24);

    /// <summary>
    /// The most operation ids one item remembers (the newest are kept); with the retention, this
    /// bounds what the ids add to an item's stored state.
    /// </summary>
    [Range(1, 100_000)]
    public int MaxOperationsPerItem { get; set; } = 1000;
}
