using System.Text.Json;

namespace InventoryGrains.Abstractions.Inventory;

public static class InventoryErrorCodeNames
{
    /// <summary>The code as the contract spells it, e.g. <c>REVISION_MISMATCH</c>.</summary>
    public static string ContractName(this InventoryErrorCode code) => JsonNamingPolicy.SnakeCaseUpper.ConvertName(code.ToString());
}
