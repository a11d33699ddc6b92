using System.Collections.Concurrent;
using System.Text.Json;

namespace InventoryGrains.Domain.Items;

/// <summary>How the contract spells enum values: upper snake case (<c>REVISION_MISMATCH</c>, <c>IN_STOCK</c>).</summary>
public static class ContractNames
{
    public static string ContractName<T>(this T value) where T : struct, Enum => Names<T>.Of.GetOrAdd(value, Convert);

    private static string Convert<T>(T value) where T : struct, Enum => JsonNamingPolicy.SnakeCaseUpper.ConvertName(value.ToString());

    private static class Names<T> where T : struct, Enum
    {
        public static readonly ConcurrentDictionary<T, string> Of = new();
    }
}
