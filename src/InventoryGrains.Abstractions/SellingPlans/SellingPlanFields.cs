using System.Reflection;

namespace InventoryGrains.Abstractions.SellingPlans;

/// <summary>
/// The settable fields of <see cref="SellingPlanSettings"/> by property name: the one list that
/// partial updates are read against at the edge and applied with in the grain.
/// </summary>
public static class SellingPlanFields
{
    public static IReadOnlyDictionary<string, PropertyInfo> ByName { get; } = typeof(SellingPlanSettings)
        .GetProperties(BindingFlags.Public | BindingFlags.Instance)
        .Where(p => p is { CanRead: true, CanWrite: true })
        .ToDictionary(p => p.Name, StringComparer.Ordinal);

    /// <summary>Copies the named fields from <paramref name="source"/> onto <paramref name="target"/>.</summary>
    public static void Copy(SellingPlanSettings source, SellingPlanSettings target, IEnumerable<string> fields)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(fields);
        foreach (var field in fields)
        {
            var property = ByName.TryGetValue(field, out var found)
                ? found
                : throw new ArgumentException($"'{field}' is not a selling plan field.", nameof(fields));
            var value = property.GetValue(source);
            property.SetValue(target, value is List<long> list ? new List<long>(list) : value);
        }
    }
}
