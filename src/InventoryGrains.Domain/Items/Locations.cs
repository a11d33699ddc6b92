namespace InventoryGrains.Domain.Items;

/// <summary>Where items are.</summary>
public static class Locations
{
    /// <summary>The location of an item created or named without one.</summary>
    public const string Default = "default";

    /// <summary>The location a caller named: <see cref="Default"/> when it named none (absent or blank).</summary>
    public static string OrDefault(string? locationId) => string.IsNullOrWhiteSpace(locationId) ? Default : locationId;
}
