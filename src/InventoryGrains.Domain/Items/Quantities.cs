namespace InventoryGrains.Domain.Items;

/// <summary>The states a tracked item's stock is in (SPEC §15). <see cref="Available"/> is every dialect's <c>quantity</c>.</summary>
public enum QuantityName
{
    Available,
    Reserved,
    Committed,
    Damaged,
    SafetyStock,
    QualityControl,
    Incoming,

    /// <summary>Derived: every state on hand (all but incoming).</summary>
    OnHand,
}

public static class QuantityNames
{
    /// <summary>The contract's spelling: camelCase (<c>available</c>, <c>safetyStock</c>, <c>onHand</c>).</summary>
    public static string Code(this QuantityName name) => name switch
    {
        QuantityName.SafetyStock => "safetyStock",
        QuantityName.QualityControl => "qualityControl",
        QuantityName.OnHand => "onHand",
        _ => name.ToString().ToLowerInvariant(),
    };

    public static bool TryParse(string? code, out QuantityName name)
    {
        foreach (var candidate in Enum.GetValues<QuantityName>())
        {
            if (string.Equals(candidate.Code(), code, StringComparison.Ordinal))
            {
                name = candidate;
                return true;
            }
        }

        name = default;
        return false;
    }

    /// <summary>What a set may name.</summary>
    public static bool Settable(this QuantityName name) => name is QuantityName.Available or QuantityName.OnHand;

    /// <summary>What an adjust or a move may name: reserved and committed change through reservations only.</summary>
    public static bool Adjustable(this QuantityName name) =>
        name is QuantityName.Available or QuantityName.Damaged or QuantityName.SafetyStock or QuantityName.QualityControl or QuantityName.Incoming;

    /// <summary>The names a caller may set, as a message lists them.</summary>
    public static string SettableCodes => "available, onHand";

    /// <summary>The names a caller may adjust or move, as a message lists them.</summary>
    public static string AdjustableCodes => "available, damaged, safetyStock, qualityControl, incoming";
}

/// <summary>A tracked item's quantities, each an int32; only <see cref="Available"/> may be negative.</summary>
[GenerateSerializer, Immutable]
public sealed record ItemQuantities(
    [property: Id(0)] int Available,
    [property: Id(1)] int Reserved,
    [property: Id(2)] int Committed,
    [property: Id(3)] int Damaged,
    [property: Id(4)] int SafetyStock,
    [property: Id(5)] int QualityControl,
    [property: Id(6)] int Incoming)
{
    public long OnHand => (long)Available + Reserved + Committed + Damaged + SafetyStock + QualityControl;

    public long this[QuantityName name] => name switch
    {
        QuantityName.Available => Available,
        QuantityName.Reserved => Reserved,
        QuantityName.Committed => Committed,
        QuantityName.Damaged => Damaged,
        QuantityName.SafetyStock => SafetyStock,
        QuantityName.QualityControl => QualityControl,
        QuantityName.Incoming => Incoming,
        _ => OnHand,
    };
}

/// <summary>One quantity a change moved: by how much, to what, at which revision.</summary>
/// <param name="Index">The line of the request.</param>
[GenerateSerializer, Immutable]
public sealed record QuantityChanged(
    [property: Id(0)] int Index,
    [property: Id(1)] QuantityName Name,
    [property: Id(2)] int Delta,
    [property: Id(3)] long QuantityAfterChange,
    [property: Id(4)] long Revision);

/// <summary>Why one line of a quantity request could not be applied.</summary>
/// <param name="Current">The quantity as it is, for <see cref="InventoryErrorCode.ChangeFromQuantityStale"/> and <see cref="InventoryErrorCode.InsufficientInventory"/>.</param>
[GenerateSerializer, Immutable]
public sealed record LineRejection(
    [property: Id(0)] int Index,
    [property: Id(1)] InventoryErrorCode Code,
    [property: Id(2)] string Description,
    [property: Id(3)] long? Current = null);
