using System.Text;
using InventoryGrains.Abstractions.Inventory.Queries;
using Npgsql;
using NpgsqlTypes;

namespace InventoryGrains.Storage.PostgreSql;

/// <summary>
/// Builds the statements of item queries over the typed columns of <c>inventory_items</c>, every
/// value a parameter. Each builder makes one statement and holds its parameters.
/// </summary>
/// <remarks>
/// The semantics are those of the in-memory store, made explicit for SQL: conditions never yield
/// NULL (a nullable column is guarded), so NOT selects exactly the other items; text compares and
/// sorts under the "C" collation (code point order, whatever the database's collation); a missing
/// value sorts after every present one, which is PostgreSQL's own default (NULLS LAST ascending,
/// NULLS FIRST descending), so no NULLS clause keeps an index from serving the order. Equality
/// leaves the collation alone, so the indexes on the plain columns still serve it.
/// </remarks>
internal sealed class ItemQuerySql
{
    private const string C = " COLLATE \"C\"";

    private readonly List<NpgsqlParameter> _parameters = [];

    public IReadOnlyList<NpgsqlParameter> Parameters => _parameters;

    /// <summary>One page: the payloads of up to <paramref name="rows"/> items after the query's position, in its order.</summary>
    public string Page(string tenant, ItemQuery query, int rows)
    {
        var sort = query.EffectiveSort;
        var sql = new StringBuilder("SELECT payload FROM inventory_items WHERE ").Append(Where(tenant, query.Filter));
        if (query.After is { } after)
        {
            sql.Append(" AND ").Append(After(sort, after));
        }

        sql.Append(" ORDER BY ");
        foreach (var key in sort)
        {
            sql.Append(Ordered(key.Field)).Append(Direction(key.Direction)).Append(", ");
        }

        return sql.Append("item_id").Append(C).Append(Direction(sort[^1].Direction))
            .Append(" LIMIT ").Append(Parameter(rows, NpgsqlDbType.Integer))
            .ToString();
    }

    public string Count(string tenant, ItemFilter? filter) => $"SELECT count(*) FROM inventory_items WHERE {Where(tenant, filter)}";

    /// <summary>Rows (value, count), already ordered and limited as the aggregation asks.</summary>
    public string Values(string tenant, ItemFilter? filter, ValueAggregation aggregation)
    {
        var value = Value(aggregation.Field);
        if (aggregation.MissingAs is { } missing)
        {
            value = $"COALESCE({value}, {Parameter(missing)})";
        }

        var ordered = ItemFields.TypeOf(aggregation.Field) == ItemValueType.Text ? "v" + C : "v";
        var order = aggregation.Order == ValueOrder.Value
            ? ordered + Direction(aggregation.Direction)
            : $"n{Direction(aggregation.Direction)}, {ordered}";
        return $"""
            SELECT v, count(*) AS n
            FROM (SELECT {value} AS v FROM inventory_items WHERE {Where(tenant, filter)}) AS s
            WHERE v IS NOT NULL
            GROUP BY v
            ORDER BY {order}
            LIMIT {Parameter(aggregation.Limit, NpgsqlDbType.Integer)}
            """;
    }

    /// <summary>Rows (bucket index, count) for the buckets any item falls in.</summary>
    public string Ranges(string tenant, ItemFilter? filter, RangeAggregation aggregation)
    {
        var value = Value(aggregation.Field);
        var bucket = new StringBuilder("CASE");
        for (var i = 0; i < aggregation.Buckets.Count; i++)
        {
            var range = aggregation.Buckets[i];
            var bounds = new List<string>(2);
            if (range.From is { } from)
            {
                bounds.Add($"{value} >= {Parameter(from, NpgsqlDbType.Double)}");
            }

            if (range.To is { } to)
            {
                bounds.Add($"{value} < {Parameter(to, NpgsqlDbType.Double)}");
            }

            bucket.Append(" WHEN ").Append(string.Join(" AND ", bounds)).Append(" THEN ").Append(i);
        }

        bucket.Append(" END");
        return $"""
            SELECT b, count(*)
            FROM (SELECT {bucket} AS b FROM inventory_items WHERE {Where(tenant, filter)}) AS s
            WHERE b IS NOT NULL
            GROUP BY b
            """;
    }

    /// <summary>One row: the number, or for an average the sum and the count (divided by the caller, as the memory store does).</summary>
    public string Scalar(string tenant, ItemFilter? filter, ScalarAggregation aggregation)
    {
        var value = Value(aggregation.Field);
        var select = aggregation.Kind switch
        {
            ScalarKind.CountDistinct => $"count(DISTINCT {value})",
            ScalarKind.Min => $"min({value})::bigint",
            ScalarKind.Max => $"max({value})::bigint",
            ScalarKind.Sum => $"COALESCE(sum({value}), 0)::bigint",
            _ => $"sum({value})::bigint, count({value})",
        };
        return $"SELECT {select} FROM inventory_items WHERE {Where(tenant, filter)}";
    }

    private string Where(string tenant, ItemFilter? filter)
    {
        // A deleted item's row is its tombstone, never a query result.
        var where = $"tenant = {Parameter(tenant, NpgsqlDbType.Text)} AND NOT deleted";
        return filter is null ? where : $"{where} AND {Filter(filter)}";
    }

    private string Filter(ItemFilter filter) => filter switch
    {
        AllOfFilter { Filters.Count: 0 } => "TRUE",
        AllOfFilter all => $"({string.Join(" AND ", all.Filters.Select(Filter))})",
        AnyOfFilter { Filters.Count: 0 } => "FALSE",
        AnyOfFilter any => $"({string.Join(" OR ", any.Filters.Select(Filter))})",
        NotFilter not => $"(NOT {Filter(not.Filter)})",
        FieldFilter condition => Condition(condition),
        _ => throw new ArgumentException($"Unknown filter {filter.GetType().Name}.", nameof(filter)),
    };

    private string Condition(FieldFilter condition)
    {
        var field = condition.Field;
        var value = Value(field);
        var nullable = ItemFields.IsNullable(field);
        var operand = condition.Operands.Count > 0 ? condition.Operands[0] : null;
        return condition.Operator switch
        {
            FilterOperator.Eq => operand is null ? $"{value} IS NULL" : Guarded(field, $"{value} = {Parameter(operand)}"),
            FilterOperator.Ne => operand is null ? $"{value} IS NOT NULL" : $"{value} IS DISTINCT FROM {Parameter(operand)}",
            FilterOperator.Gt => Guarded(field, $"{Ordered(field)} > {Parameter(operand!)}"),
            FilterOperator.Gte => Guarded(field, $"{Ordered(field)} >= {Parameter(operand!)}"),
            FilterOperator.Lt => Guarded(field, $"{Ordered(field)} < {Parameter(operand!)}"),
            FilterOperator.Lte => Guarded(field, $"{Ordered(field)} <= {Parameter(operand!)}"),
            FilterOperator.In => In(field, condition.Operands),
            FilterOperator.NotIn => $"(NOT {In(field, condition.Operands)})",
            FilterOperator.Exists when !nullable => operand!.Boolean ? "TRUE" : "FALSE",
            FilterOperator.Exists => operand!.Boolean ? $"{value} IS NOT NULL" : $"{value} IS NULL",
            FilterOperator.StartsWith => Guarded(field, $"starts_with({value}, {Parameter(operand!)})"),
            _ => throw new ArgumentException($"Unknown operator {condition.Operator}.", nameof(condition)),
        };
    }

    private string In(ItemField field, IReadOnlyList<ItemValue?> operands)
    {
        var value = Value(field);
        var present = operands.OfType<ItemValue>().ToList();
        var parts = new List<string>(2);
        if (present.Count > 0)
        {
            parts.Add(Guarded(field, $"{value} = ANY({ArrayParameter(field, present)})"));
        }

        if (present.Count < operands.Count)
        {
            parts.Add($"{value} IS NULL");
        }

        return parts.Count == 0 ? "FALSE" : $"({string.Join(" OR ", parts)})";
    }

    /// <summary>
    /// The keyset condition: strictly after <paramref name="after"/> in the order (keys, then id).
    /// Keys that cannot be NULL and share one direction make one row comparison, which an index on
    /// those columns serves as a range; any other order is expanded into its OR-chain.
    /// </summary>
    private string After(IReadOnlyList<ItemSort> sort, ItemPosition after)
    {
        var direction = sort[^1].Direction;
        if (sort.All(key => key.Direction == direction && !ItemFields.IsNullable(key.Field)))
        {
            var columns = string.Join(", ", sort.Select(key => Ordered(key.Field)).Append("item_id" + C));
            var values = string.Join(", ", sort.Select((key, i) => Parameter(after.Keys[i]!)).Append(Parameter(after.Id, NpgsqlDbType.Text)));
            return $"({columns}) {(direction == SortDirection.Ascending ? ">" : "<")} ({values})";
        }

        // Keys k1..kn then the id: k1 after, or k1 equal and k2 after, or ...
        var terms = new List<string>();
        var equal = new List<string>();
        for (var i = 0; i <= sort.Count; i++)
        {
            var isId = i == sort.Count;
            var field = isId ? ItemField.Id : sort[i].Field;
            var keyDirection = isId ? direction : sort[i].Direction;
            var position = isId ? ItemValue.Of(after.Id) : after.Keys[i];
            if (KeyAfter(field, keyDirection, position) is { } later)
            {
                terms.Add(equal.Count == 0 ? later : $"({string.Join(" AND ", equal)} AND {later})");
            }

            equal.Add(position is null ? $"{Value(field)} IS NULL" : $"{Value(field)} = {Parameter(position)}");
        }

        return terms.Count == 0 ? "FALSE" : $"({string.Join(" OR ", terms)})";
    }

    /// <summary>The condition "this key comes after <paramref name="position"/>" (a missing value is the greatest), or null when nothing does.</summary>
    private string? KeyAfter(ItemField field, SortDirection direction, ItemValue? position)
    {
        var value = Value(field);
        var nullable = ItemFields.IsNullable(field);
        if (direction == SortDirection.Ascending)
        {
            return position is null ? null
                : nullable ? $"({Ordered(field)} > {Parameter(position)} OR {value} IS NULL)"
                : $"{Ordered(field)} > {Parameter(position)}";
        }

        return position is null ? $"{value} IS NOT NULL" : $"{Ordered(field)} < {Parameter(position)}";
    }

    /// <summary>A comparison that would be NULL for an item lacking the field is false instead.</summary>
    private static string Guarded(ItemField field, string comparison) =>
        ItemFields.IsNullable(field) ? $"({comparison} AND {Value(field)} IS NOT NULL)" : comparison;

    /// <summary>
    /// The field's value in a row. Quantity and in-stock are shown only under their tracking mode
    /// (one of the two), so a row lacks the other even though its column holds a stale value; the
    /// quantities by state, like quantity, only while tracked.
    /// </summary>
    private static string Value(ItemField field) => field switch
    {
        ItemField.Id => "item_id",
        ItemField.VariantId => "variant_id",
        ItemField.ProductId => "product_id",
        ItemField.LocationId => "location_id",
        ItemField.TrackQuantity => "track_quantity",
        ItemField.Quantity => "(CASE WHEN track_quantity THEN quantity END)",
        ItemField.InStock => "(CASE WHEN NOT track_quantity THEN in_stock END)",
        ItemField.AvailabilityStatus => "availability_status",
        ItemField.PreorderEnabled => "preorder_enabled",
        ItemField.CreatedDate => "created_date",
        ItemField.UpdatedDate => "updated_date",
        ItemField.Reserved => "(CASE WHEN track_quantity THEN reserved END)",
        ItemField.Committed => "(CASE WHEN track_quantity THEN committed END)",
        ItemField.Damaged => "(CASE WHEN track_quantity THEN damaged END)",
        ItemField.SafetyStock => "(CASE WHEN track_quantity THEN safety_stock END)",
        ItemField.QualityControl => "(CASE WHEN track_quantity THEN quality_control END)",
        ItemField.Incoming => "(CASE WHEN track_quantity THEN incoming END)",
        ItemField.OnHand => "(CASE WHEN track_quantity THEN quantity::bigint + reserved + committed + damaged + safety_stock + quality_control END)",
        _ => throw new ArgumentOutOfRangeException(nameof(field), field, null),
    };

    /// <summary>The value as it compares and sorts: text in code point order.</summary>
    private static string Ordered(ItemField field) => ItemFields.TypeOf(field) == ItemValueType.Text ? Value(field) + C : Value(field);

    private static string Direction(SortDirection direction) => direction == SortDirection.Ascending ? " ASC" : " DESC";

    private string Parameter(ItemValue value) => value.Type switch
    {
        ItemValueType.Text => Parameter(value.Text!, NpgsqlDbType.Text),
        ItemValueType.Boolean => Parameter(value.Boolean, NpgsqlDbType.Boolean),
        ItemValueType.Number => Parameter(value.Number, NpgsqlDbType.Bigint),
        _ => Parameter(value.Timestamp.UtcDateTime, NpgsqlDbType.TimestampTz),
    };

    private string ArrayParameter(ItemField field, List<ItemValue> values) => ItemFields.TypeOf(field) switch
    {
        ItemValueType.Text => Parameter(values.Select(v => v.Text!).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Text),
        ItemValueType.Boolean => Parameter(values.Select(v => v.Boolean).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Boolean),
        ItemValueType.Number => Parameter(values.Select(v => v.Number).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Bigint),
        _ => Parameter(values.Select(v => v.Timestamp.UtcDateTime).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.TimestampTz),
    };

    private string Parameter<T>(T value, NpgsqlDbType type)
    {
        var name = $"p{_parameters.Count}";
        _parameters.Add(new NpgsqlParameter<T>(name, type) { TypedValue = value });
        return "@" + name;
    }
}
