using InventoryGrains.Domain.Items;

namespace InventoryGrains.Abstractions.Inventory.Queries;

/// <summary>
/// What a well-formed query is, checked where it is built (the HTTP layer answers a 400) and again
/// by the stores (which refuse anything else). The limits bound the work and the SQL one request
/// can cause.
/// </summary>
public static class ItemQueryRules
{
    public const int MaxLimit = 1000;
    public const int MaxSortKeys = 10;

    /// <summary>Field conditions in one filter, counting every nesting level.</summary>
    public const int MaxConditions = 100;

    public const int MaxDepth = 10;
    public const int MaxListOperands = 1000;
    public const int MaxTextLength = 1024;
    public const int MaxAggregations = 10;
    public const int MaxValueLimit = 250;
    public const int MaxRangeBuckets = 50;

    /// <summary>The first problem of <paramref name="query"/>, or null when it is well formed.</summary>
    public static string? Check(ItemQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (query.Limit is < 1 or > MaxLimit)
        {
            return $"The limit must be 1 to {MaxLimit}.";
        }

        if (query.Sort.Count > MaxSortKeys)
        {
            return $"At most {MaxSortKeys} sort keys are allowed.";
        }

        var seen = new HashSet<ItemField>();
        foreach (var sort in query.Sort)
        {
            if (!ItemFields.IsSortable(sort.Field))
            {
                return $"Items cannot be sorted by {sort.Field}.";
            }

            if (!seen.Add(sort.Field))
            {
                return $"{sort.Field} is sorted by twice.";
            }
        }

        if (query.Filter is { } filter && CheckFilter(filter) is { } problem)
        {
            return problem;
        }

        if (query.After is { } after)
        {
            var sort = query.EffectiveSort;
            if (after.Keys.Count != sort.Count || string.IsNullOrEmpty(after.Id) || !ItemValue.IsStorableText(after.Id))
            {
                return "The position does not fit the sort.";
            }

            for (var i = 0; i < sort.Count; i++)
            {
                if (after.Keys[i] is { } key ? key.Type != ItemFields.TypeOf(sort[i].Field) || !Storable(key) : !ItemFields.IsNullable(sort[i].Field))
                {
                    return "The position does not fit the sort.";
                }
            }
        }

        return null;
    }

    /// <summary>The first problem of <paramref name="filter"/>, or null when it is well formed.</summary>
    public static string? CheckFilter(ItemFilter filter)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var conditions = 0;
        return Check(filter, 1, ref conditions);
    }

    /// <summary>The first problem of the aggregations, or null when they are well formed.</summary>
    public static string? CheckAggregations(IReadOnlyList<ItemAggregation> aggregations)
    {
        ArgumentNullException.ThrowIfNull(aggregations);
        if (aggregations.Count > MaxAggregations)
        {
            return $"At most {MaxAggregations} aggregations are allowed.";
        }

        foreach (var aggregation in aggregations)
        {
            var type = ItemFields.TypeOf(aggregation.Field);
            var problem = aggregation switch
            {
                ValueAggregation value when value.Limit is < 1 or > MaxValueLimit => $"A value aggregation's limit must be 1 to {MaxValueLimit}.",
                ValueAggregation { MissingAs: { } missing } when missing.Type != type || !Storable(missing) => $"The bucket for missing values must be a {type} value.",
                RangeAggregation when type != ItemValueType.Number => $"A range aggregation needs a number field, not {aggregation.Field}.",
                RangeAggregation range when range.Buckets.Count is < 1 or > MaxRangeBuckets => $"A range aggregation takes 1 to {MaxRangeBuckets} buckets.",
                RangeAggregation range when range.Buckets.Any(b => (b.From is null && b.To is null) || !Finite(b.From) || !Finite(b.To)) => "Every range bucket needs a finite from, to, or both.",
                ScalarAggregation scalar when scalar.Kind != ScalarKind.CountDistinct && type != ItemValueType.Number => $"{scalar.Kind} needs a number field, not {aggregation.Field}.",
                ValueAggregation or RangeAggregation or ScalarAggregation => null,
                _ => $"Unknown aggregation {aggregation.GetType().Name}.",
            };
            if (problem is not null)
            {
                return problem;
            }
        }

        return null;
    }

    private static string? Check(ItemFilter filter, int depth, ref int conditions)
    {
        if (depth > MaxDepth)
        {
            return $"A filter may nest at most {MaxDepth} levels.";
        }

        switch (filter)
        {
            case AllOfFilter all:
                foreach (var part in all.Filters)
                {
                    if (Check(part, depth + 1, ref conditions) is { } problem)
                    {
                        return problem;
                    }
                }

                return null;
            case AnyOfFilter any:
                foreach (var part in any.Filters)
                {
                    if (Check(part, depth + 1, ref conditions) is { } problem)
                    {
                        return problem;
                    }
                }

                return null;
            case NotFilter not:
                return Check(not.Filter, depth + 1, ref conditions);
            case FieldFilter condition:
                return ++conditions > MaxConditions ? $"A filter may hold at most {MaxConditions} conditions." : CheckCondition(condition);
            default:
                return $"Unknown filter {filter.GetType().Name}.";
        }
    }

    private static string? CheckCondition(FieldFilter condition)
    {
        var type = ItemFields.TypeOf(condition.Field);
        var operands = condition.Operands;
        var list = condition.Operator is FilterOperator.In or FilterOperator.NotIn;
        if (list ? operands.Count > MaxListOperands : operands.Count != 1)
        {
            return list ? $"A list may hold at most {MaxListOperands} values." : $"{condition.Operator} takes one value.";
        }

        var nullable = condition.Operator is FilterOperator.Eq or FilterOperator.Ne || list;
        var expected = condition.Operator switch
        {
            FilterOperator.Exists => ItemValueType.Boolean,
            _ => type,
        };
        if (condition.Operator == FilterOperator.StartsWith && type != ItemValueType.Text)
        {
            return $"StartsWith needs a text field, not {condition.Field}.";
        }

        foreach (var operand in operands)
        {
            if (operand is null ? !nullable : operand.Type != expected || !Storable(operand))
            {
                return $"{condition.Operator} on {condition.Field} needs a {expected} value.";
            }
        }

        return null;
    }

    private static bool Storable(ItemValue value) =>
        value.Type != ItemValueType.Text || (value.Text!.Length <= MaxTextLength && ItemValue.IsStorableText(value.Text));

    private static bool Finite(double? value) => value is null || double.IsFinite(value.Value);
}
