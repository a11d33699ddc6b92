using InventoryGrains.Abstractions.Inventory;
using InventoryGrains.Abstractions.Inventory.Queries;
using InventoryGrains.Domain.Items;

namespace InventoryGrains.Storage.Memory;

/// <summary>
/// Whether an item matches a filter, in process memory: the semantics the SQL store gives
/// PostgreSQL (see <see cref="FilterOperator"/>), two-valued throughout.
/// </summary>
internal static class ItemFilterEvaluator
{
    public static bool Matches(InventoryItem item, ItemFilter? filter) => filter switch
    {
        null => true,
        AllOfFilter all => all.Filters.All(part => Matches(item, part)),
        AnyOfFilter any => any.Filters.Any(part => Matches(item, part)),
        NotFilter not => !Matches(item, not.Filter),
        FieldFilter condition => Matches(ItemFields.ValueOf(item, condition.Field), condition),
        _ => throw new ArgumentException($"Unknown filter {filter.GetType().Name}.", nameof(filter)),
    };

    private static bool Matches(ItemValue? value, FieldFilter condition)
    {
        var operand = condition.Operands.Count > 0 ? condition.Operands[0] : null;
        return condition.Operator switch
        {
            FilterOperator.Eq => Equal(value, operand),
            FilterOperator.Ne => !Equal(value, operand),
            FilterOperator.Gt => value is not null && value.CompareTo(operand) > 0,
            FilterOperator.Gte => value is not null && value.CompareTo(operand) >= 0,
            FilterOperator.Lt => value is not null && value.CompareTo(operand) < 0,
            FilterOperator.Lte => value is not null && value.CompareTo(operand) <= 0,
            FilterOperator.In => condition.Operands.Any(o => Equal(value, o)),
            FilterOperator.NotIn => !condition.Operands.Any(o => Equal(value, o)),
            FilterOperator.Exists => (value is not null) == operand!.Boolean,
            FilterOperator.StartsWith => value is not null && value.Text!.StartsWith(operand!.Text!, StringComparison.Ordinal),
            _ => throw new ArgumentException($"Unknown operator {condition.Operator}.", nameof(condition)),
        };
    }

    private static bool Equal(ItemValue? value, ItemValue? operand) =>
        value is null || operand is null ? value is null && operand is null : value.CompareTo(operand) == 0;
}
