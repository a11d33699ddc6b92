using System.Globalization;
using System.Text.Json;
using InventoryGrains.Abstractions.Inventory;
using InventoryGrains.Abstractions.Inventory.Queries;
using InventoryGrains.Domain.Items;

namespace InventoryGrains.Api.Dialects.Wix;

/// <summary>A request of the Wix query language that cannot be run: a 400 naming the offending part of the request.</summary>
public sealed class WixQueryException(string field, string message) : Exception(message)
{
    /// <summary>Where in the request, as a dotted path (<c>query.filter.quantity.$gt</c>).</summary>
    public string Field { get; } = field;
}

/// <summary>
/// Reads the Wix API query language (filters, sorting, cursor paging, search details and
/// aggregations) into the service's item query. It checks shapes and types only; what a query
/// selects and in which order is the item store's rule.
/// </summary>
public static class WixQueryParser
{
    public const int DefaultQueryLimit = 50;
    public const int DefaultSearchLimit = 100;

    /// <summary>The fields items are filtered, sorted and aggregated on, by their Wix names.</summary>
    private static readonly Dictionary<string, ItemField> Fields = new(StringComparer.Ordinal)
    {
        ["id"] = ItemField.Id,
        ["variantId"] = ItemField.VariantId,
        ["productId"] = ItemField.ProductId,
        ["locationId"] = ItemField.LocationId,
        ["trackQuantity"] = ItemField.TrackQuantity,
        ["quantity"] = ItemField.Quantity,
        ["inStock"] = ItemField.InStock,
        ["availabilityStatus"] = ItemField.AvailabilityStatus,
        ["preorderInfo.enabled"] = ItemField.PreorderEnabled,
        ["createdDate"] = ItemField.CreatedDate,
        ["updatedDate"] = ItemField.UpdatedDate,
    };

    /// <summary>Wix fields of the catalog's product that an inventory item here does not carry.</summary>
    private static readonly HashSet<string> ProductFields = new(StringComparer.Ordinal)
    {
        "product.name", "product.variantName", "product.variantSku", "product.directCategoryIds",
        "product.brand.id", "product.variantBarcode", "product.variantVisible", "product.brand.name",
    };

    /// <summary>Operators of the query language this service does not run: they belong to array and text-search fields it does not hold.</summary>
    private static readonly HashSet<string> UnsupportedOperators = new(StringComparer.Ordinal)
    {
        "$hasSome", "$hasAll", "$contains", "$endsWith", "$isEmpty", "$isNotEmpty", "$matchItems", "$regex", "$urlized",
    };

    /// <summary>The options object of each aggregation type, by which a type left out is recognised.</summary>
    private static readonly string[] AggregationKinds = ["value", "range", "scalar", "dateHistogram", "nested"];

    private static readonly string[] AvailabilityStatuses = [.. Enum.GetValues<AvailabilityStatus>().Select(s => s.ContractName())];

    public static string WixName(ItemField field) => Fields.First(pair => pair.Value == field).Key;

    /// <summary>The item field a Wix field path names.</summary>
    public static ItemField Field(string name, string path)
    {
        if (Fields.TryGetValue(name, out var field))
        {
            return field;
        }

        throw ProductFields.Contains(name)
            ? new WixQueryException(path, $"{name} is a field of the catalog's product, which this service does not hold; use the inventory item's own fields: {string.Join(", ", Fields.Keys)}.")
            : new WixQueryException(path, $"{name} is not a field of inventory items; the fields are: {string.Join(", ", Fields.Keys)}.");
    }

    /// <summary>The filter an element holds (null, or an empty object, for none).</summary>
    public static ItemFilter? Filter(JsonElement element, string path)
    {
        if (element.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined)
        {
            return null;
        }

        var filter = FilterObject(element, path, 1);
        return filter is AllOfFilter { Filters.Count: 0 } ? null : Checked(filter, path);
    }

    public static IReadOnlyList<ItemSort> Sort(JsonElement element, string path)
    {
        if (element.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined)
        {
            return [];
        }

        if (element.ValueKind != JsonValueKind.Array)
        {
            throw new WixQueryException(path, "sort must be a list of {fieldName, order}.");
        }

        if (element.GetArrayLength() > ItemQueryRules.MaxSortKeys)
        {
            throw new WixQueryException(path, $"At most {ItemQueryRules.MaxSortKeys} sort keys are allowed.");
        }

        var sort = new List<ItemSort>();
        var index = 0;
        foreach (var entry in element.EnumerateArray())
        {
            var at = $"{path}[{index++}]";
            if (entry.ValueKind != JsonValueKind.Object || !entry.TryGetProperty("fieldName", out var name) || name.ValueKind != JsonValueKind.String)
            {
                throw new WixQueryException(at, "Each sort entry needs a fieldName.");
            }

            var field = Field(name.GetString()!, $"{at}.fieldName");
            if (!ItemFields.IsSortable(field))
            {
                throw new WixQueryException($"{at}.fieldName", $"Inventory items cannot be sorted by {name.GetString()} (as in Wix: id, variantId and locationId are not sortable).");
            }

            if (sort.Any(s => s.Field == field))
            {
                throw new WixQueryException($"{at}.fieldName", $"{name.GetString()} is sorted by twice.");
            }

            var direction = Optional(entry, "order") is { } order
                ? order.ValueKind == JsonValueKind.String && order.GetString() is "ASC" or "DESC"
                    ? order.GetString() == "ASC" ? SortDirection.Ascending : SortDirection.Descending
                    : throw new WixQueryException($"{at}.order", "order must be ASC or DESC.")
                : SortDirection.Ascending;
            sort.Add(new ItemSort(field, direction));
        }

        return sort;
    }

    /// <summary><c>cursorPaging</c>: the page size (null: the method's default) and the cursor, if any.</summary>
    public static (int? Limit, string? Cursor) Paging(JsonElement request, string path)
    {
        if (Optional(request, "paging") is not null)
        {
            throw new WixQueryException($"{path}.paging", "Offset paging is not supported; page with cursorPaging (a cursor carries the filter, order and position).");
        }

        if (Optional(request, "cursorPaging") is not { } paging)
        {
            return (null, null);
        }

        if (paging.ValueKind != JsonValueKind.Object)
        {
            throw new WixQueryException($"{path}.cursorPaging", "cursorPaging must be an object {limit, cursor}.");
        }

        int? limit = Optional(paging, "limit") is { } given
            ? Limit(given, $"{path}.cursorPaging.limit")
            : null;
        string? cursor = Optional(paging, "cursor") is { } text
            ? text.ValueKind == JsonValueKind.String ? text.GetString() : throw new WixQueryException($"{path}.cursorPaging.cursor", "cursor must be a string.")
            : null;
        return (limit, string.IsNullOrEmpty(cursor) ? null : cursor);
    }

    public static int Limit(JsonElement element, string path) =>
        Integer(element) is { } limit && limit is >= 1 and <= ItemQueryRules.MaxLimit
            ? (int)limit
            : throw new WixQueryException(path, $"limit must be a whole number from 1 to {ItemQueryRules.MaxLimit}.");

    /// <summary>
    /// Free-text search over the catalog's product names and SKUs, which this service does not
    /// hold: an expression is refused rather than matched against nothing. Search details without
    /// an expression are allowed (and change nothing).
    /// </summary>
    /// <param name="path">Where the request sits (<c>search</c> in a search request), null at the top.</param>
    public static void RefuseSearchExpression(JsonElement request, string? path)
    {
        if (Optional(request, "search") is not { } search)
        {
            return;
        }

        var at = path is null ? "search" : path + ".search";
        if (search.ValueKind != JsonValueKind.Object)
        {
            throw new WixQueryException(at, "search must be an object {expression, mode, fields, fuzzy}.");
        }

        if (Optional(search, "expression") is { } expression
            && (expression.ValueKind != JsonValueKind.String || !string.IsNullOrWhiteSpace(expression.GetString())))
        {
            throw new WixQueryException(at + ".expression",
                "Free-text search covers product.name, product.variantName, product.variantSku and product.variantBarcode, which this service does not hold; filter on the inventory item's fields instead.");
        }
    }

    /// <summary>The aggregations of a search, each with the name, type and field path to answer with.</summary>
    public static IReadOnlyList<WixAggregationRequest> Aggregations(JsonElement request, string path)
    {
        if (Optional(request, "aggregations") is not { } element)
        {
            return [];
        }

        path += ".aggregations";
        if (element.ValueKind != JsonValueKind.Array)
        {
            throw new WixQueryException(path, "aggregations must be a list.");
        }

        if (element.GetArrayLength() > ItemQueryRules.MaxAggregations)
        {
            throw new WixQueryException(path, $"At most {ItemQueryRules.MaxAggregations} aggregations are allowed.");
        }

        var aggregations = new List<WixAggregationRequest>();
        var index = 0;
        foreach (var entry in element.EnumerateArray())
        {
            aggregations.Add(Aggregation(entry, $"{path}[{index++}]"));
        }

        if (ItemQueryRules.CheckAggregations([.. aggregations.Select(a => a.Aggregation)]) is { } problem)
        {
            throw new WixQueryException(path, problem);
        }

        return aggregations;
    }

    /// <summary>A value of <paramref name="field"/>'s type (null for JSON null: the caller decides whether that is allowed).</summary>
    public static ItemValue? Value(ItemField field, JsonElement element, string path)
    {
        if (element.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        var type = ItemFields.TypeOf(field);
        switch (type)
        {
            case ItemValueType.Text when element.ValueKind == JsonValueKind.String:
            {
                var text = element.GetString()!;
                if (text.Length > ItemQueryRules.MaxTextLength || !ItemValue.IsStorableText(text))
                {
                    throw new WixQueryException(path, $"A text value must be at most {ItemQueryRules.MaxTextLength} characters, without NUL or unpaired surrogates.");
                }

                if (field == ItemField.AvailabilityStatus && !AvailabilityStatuses.Contains(text, StringComparer.Ordinal))
                {
                    throw new WixQueryException(path, $"availabilityStatus is one of {string.Join(", ", AvailabilityStatuses)}.");
                }

                return ItemValue.Of(text);
            }

            case ItemValueType.Boolean when element.ValueKind is JsonValueKind.True or JsonValueKind.False:
                return ItemValue.Of(element.GetBoolean());
            case ItemValueType.Number when Integer(element) is { } number:
                return ItemValue.Of(number);
            case ItemValueType.Timestamp when Timestamp(element) is { } time:
                return ItemValue.Of(time);
            default:
                throw new WixQueryException(path, type switch
                {
                    ItemValueType.Text => "The value must be a string.",
                    ItemValueType.Boolean => "The value must be true or false.",
                    ItemValueType.Number => "The value must be a whole number.",
                    _ => "The value must be an ISO-8601 date and time (\"2024-01-02T03:04:05.678Z\").",
                });
        }
    }

    /// <summary>A property's value, or null when it is absent or JSON null.</summary>
    public static JsonElement? Optional(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? value : null;

    private static ItemFilter FilterObject(JsonElement element, string path, int depth)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new WixQueryException(path, "A filter must be an object.");
        }

        if (depth > ItemQueryRules.MaxDepth)
        {
            throw new WixQueryException(path, $"A filter may nest at most {ItemQueryRules.MaxDepth} levels.");
        }

        var parts = new List<ItemFilter>();
        foreach (var property in element.EnumerateObject())
        {
            var at = $"{path}.{property.Name}";
            switch (property.Name)
            {
                case "$and" or "$or":
                    if (property.Value.ValueKind != JsonValueKind.Array || property.Value.GetArrayLength() == 0)
                    {
                        throw new WixQueryException(at, $"{property.Name} takes a non-empty list of filters.");
                    }

                    var operands = property.Value.EnumerateArray().Select((part, i) => FilterObject(part, $"{at}[{i}]", depth + 1)).ToArray();
                    parts.Add(property.Name == "$and" ? ItemFilter.And(operands) : ItemFilter.Or(operands));
                    break;
                case "$not":
                    parts.Add(ItemFilter.Not(FilterObject(property.Value, at, depth + 1)));
                    break;
                case var name when name.StartsWith('$'):
                    throw new WixQueryException(at, $"{name} is not a logical operator; use $and, $or or $not.");
                default:
                    parts.AddRange(Conditions(Field(property.Name, at), property.Value, at));
                    break;
            }
        }

        return parts.Count == 1 ? parts[0] : ItemFilter.And([.. parts]);
    }

    /// <summary>A field's conditions: a bare value means $eq; an object holds operators, all of which must hold.</summary>
    private static List<ItemFilter> Conditions(ItemField field, JsonElement value, string path)
    {
        if (value.ValueKind == JsonValueKind.Array)
        {
            throw new WixQueryException(path, "A list is not a value of this field; use {\"$in\": [...]}.");
        }

        if (value.ValueKind != JsonValueKind.Object)
        {
            return [ItemFilter.Condition(field, FilterOperator.Eq, Value(field, value, path))];
        }

        // {"$date": "..."} is a value, not an operator.
        if (ItemFields.TypeOf(field) == ItemValueType.Timestamp && value.TryGetProperty("$date", out _))
        {
            return [ItemFilter.Condition(field, FilterOperator.Eq, Value(field, value, path))];
        }

        var conditions = new List<ItemFilter>();
        foreach (var property in value.EnumerateObject())
        {
            conditions.Add(Condition(field, property.Name, property.Value, $"{path}.{property.Name}"));
        }

        return conditions.Count > 0
            ? conditions
            : throw new WixQueryException(path, "An empty object is not a condition; give a value or operators ($eq, $ne, $gt, $gte, $lt, $lte, $in, $nin, $exists, $startsWith).");
    }

    private static ItemFilter Condition(ItemField field, string name, JsonElement operand, string path)
    {
        FilterOperator? op = name switch
        {
            "$eq" => FilterOperator.Eq,
            "$ne" => FilterOperator.Ne,
            "$gt" => FilterOperator.Gt,
            "$gte" => FilterOperator.Gte,
            "$lt" => FilterOperator.Lt,
            "$lte" => FilterOperator.Lte,
            "$in" => FilterOperator.In,
            "$nin" => FilterOperator.NotIn,
            "$exists" => FilterOperator.Exists,
            "$startsWith" => FilterOperator.StartsWith,
            _ => null,
        };
        switch (op)
        {
            case null when UnsupportedOperators.Contains(name):
                throw new WixQueryException(path, $"{name} is not supported: it applies to array and text-search fields of the product, which this service does not hold.");
            case null when name.StartsWith('$'):
                throw new WixQueryException(path, $"{name} is not an operator; use $eq, $ne, $gt, $gte, $lt, $lte, $in, $nin, $exists or $startsWith.");
            case null:
                throw new WixQueryException(path, $"A condition is a value or an object of operators, not a field \"{name}\" (use a dotted path).");
            case FilterOperator.Eq or FilterOperator.Ne:
                return ItemFilter.Condition(field, op.Value, Value(field, operand, path));
            case FilterOperator.In or FilterOperator.NotIn:
                if (operand.ValueKind != JsonValueKind.Array || operand.GetArrayLength() > ItemQueryRules.MaxListOperands)
                {
                    throw new WixQueryException(path, $"{name} takes a list of at most {ItemQueryRules.MaxListOperands} values.");
                }

                return ItemFilter.Condition(field, op.Value, [.. operand.EnumerateArray().Select((v, i) => Value(field, v, $"{path}[{i}]"))]);
            case FilterOperator.Exists:
                return operand.ValueKind is JsonValueKind.True or JsonValueKind.False
                    ? ItemFilter.Condition(field, FilterOperator.Exists, ItemValue.Of(operand.GetBoolean()))
                    : throw new WixQueryException(path, "$exists takes true or false.");
            case FilterOperator.StartsWith when ItemFields.TypeOf(field) != ItemValueType.Text:
                throw new WixQueryException(path, "$startsWith applies to text fields only.");
            default:
                return ItemFilter.Condition(field, op.Value, Value(field, operand, path) ?? throw new WixQueryException(path, $"{name} needs a value, not null."));
        }
    }

    private static WixAggregationRequest Aggregation(JsonElement entry, string path)
    {
        if (entry.ValueKind != JsonValueKind.Object)
        {
            throw new WixQueryException(path, "An aggregation must be an object {name, type, fieldPath, value | range | scalar}.");
        }

        string? name = Optional(entry, "name") is { } given
            ? given.ValueKind == JsonValueKind.String && given.GetString()!.Length <= 100 ? given.GetString() : throw new WixQueryException($"{path}.name", "name must be a string of at most 100 characters.")
            : null;
        var type = Optional(entry, "type") is { ValueKind: JsonValueKind.String } typeText
            ? typeText.GetString()!
            : AggregationKinds.FirstOrDefault(kind => Optional(entry, kind) is not null) switch
            {
                "value" => "VALUE",
                "range" => "RANGE",
                "scalar" => "SCALAR",
                _ => throw new WixQueryException($"{path}.type", "type is required: VALUE, RANGE or SCALAR."),
            };
        if (type is "DATE_HISTOGRAM" or "NESTED")
        {
            throw new WixQueryException($"{path}.type", $"{type} aggregations are not supported; VALUE, RANGE and SCALAR are.");
        }

        if (Optional(entry, "fieldPath") is not { ValueKind: JsonValueKind.String } fieldPath)
        {
            throw new WixQueryException($"{path}.fieldPath", "fieldPath is required.");
        }

        var field = Field(fieldPath.GetString()!, $"{path}.fieldPath");
        ItemAggregation aggregation = type switch
        {
            "VALUE" => ValueAggregation(field, Optional(entry, "value"), $"{path}.value"),
            "RANGE" => RangeAggregation(field, Optional(entry, "range"), $"{path}.range"),
            "SCALAR" => ScalarAggregation(field, Optional(entry, "scalar"), $"{path}.scalar"),
            _ => throw new WixQueryException($"{path}.type", "type is one of VALUE, RANGE, SCALAR."),
        };
        if (ItemQueryRules.CheckAggregations([aggregation]) is { } problem)
        {
            throw new WixQueryException(path, problem);
        }

        return new WixAggregationRequest(name, type, fieldPath.GetString()!, aggregation);
    }

    private static ValueAggregation ValueAggregation(ItemField field, JsonElement? options, string path)
    {
        var limit = 10;
        var order = ValueOrder.Count;
        var direction = SortDirection.Descending;
        ItemValue? missingAs = null;
        if (options is { } value)
        {
            if (Optional(value, "limit") is { } given)
            {
                limit = Integer(given) is { } number && number is >= 1 and <= ItemQueryRules.MaxValueLimit
                    ? (int)number
                    : throw new WixQueryException($"{path}.limit", $"limit must be a whole number from 1 to {ItemQueryRules.MaxValueLimit}.");
            }

            order = Enumerated(value, "sortType", path, ("COUNT", ValueOrder.Count), ("VALUE", ValueOrder.Value)) ?? order;
            direction = Enumerated(value, "sortDirection", path, ("DESC", SortDirection.Descending), ("ASC", SortDirection.Ascending)) ?? direction;
            var include = Enumerated(value, "missingValues", path, ("EXCLUDE", false), ("INCLUDE", true)) ?? false;

            // Only fields an item can lack have missing values; Wix's default buckets are "N/A", 0 and false.
            if (include && ItemFields.IsNullable(field))
            {
                var bucket = Optional(value, "includeOptions") is { } includeOptions && Optional(includeOptions, "addToBucket") is { } addTo
                    ? addTo.ValueKind == JsonValueKind.String ? addTo.GetString()! : throw new WixQueryException($"{path}.includeOptions.addToBucket", "addToBucket must be a string.")
                    : null;
                missingAs = ItemFields.TypeOf(field) switch
                {
                    ItemValueType.Text => ItemValue.Of(bucket ?? "N/A"),
                    ItemValueType.Number => bucket is null ? ItemValue.Of(0)
                        : long.TryParse(bucket, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number) ? ItemValue.Of(number)
                        : throw new WixQueryException($"{path}.includeOptions.addToBucket", "The bucket of a number field's missing values must be a whole number."),
                    _ => bucket is null or "false" ? ItemValue.Of(false)
                        : bucket == "true" ? ItemValue.Of(true)
                        : throw new WixQueryException($"{path}.includeOptions.addToBucket", "The bucket of a boolean field's missing values must be true or false."),
                };
            }
        }

        return new ValueAggregation(field, limit, order, direction, missingAs);
    }

    private static RangeAggregation RangeAggregation(ItemField field, JsonElement? options, string path)
    {
        if (options is not { } range || Optional(range, "buckets") is not { ValueKind: JsonValueKind.Array } buckets)
        {
            throw new WixQueryException($"{path}.buckets", "A range aggregation needs range.buckets: [{from, to}, ...].");
        }

        var list = new List<RangeBucket>();
        var index = 0;
        foreach (var bucket in buckets.EnumerateArray())
        {
            var at = $"{path}.buckets[{index++}]";
            list.Add(new RangeBucket(Bound(bucket, "from", at), Bound(bucket, "to", at)));
        }

        return new RangeAggregation(field, list);

        static double? Bound(JsonElement bucket, string name, string at) => Optional(bucket, name) is { } bound
            ? bound.ValueKind == JsonValueKind.Number && bound.TryGetDouble(out var number) && double.IsFinite(number)
                ? number
                : throw new WixQueryException($"{at}.{name}", $"{name} must be a finite number.")
            : null;
    }

    private static ScalarAggregation ScalarAggregation(ItemField field, JsonElement? options, string path) =>
        new(field, (options is { } scalar ? Enumerated(scalar, "type", path,
                ("COUNT_DISTINCT", ScalarKind.CountDistinct), ("MIN", ScalarKind.Min), ("MAX", ScalarKind.Max), ("SUM", ScalarKind.Sum), ("AVG", ScalarKind.Avg))
            : null) ?? throw new WixQueryException($"{path}.type", "A scalar aggregation needs scalar.type: COUNT_DISTINCT, MIN, MAX, SUM or AVG."));

    private static T? Enumerated<T>(JsonElement element, string name, string path, params (string Name, T Value)[] choices) where T : struct
    {
        if (Optional(element, name) is not { } given)
        {
            return null;
        }

        foreach (var (choice, value) in choices)
        {
            if (given.ValueKind == JsonValueKind.String && given.GetString() == choice)
            {
                return value;
            }
        }

        throw new WixQueryException($"{path}.{name}", $"{name} is one of {string.Join(", ", choices.Select(c => c.Name))}.");
    }

    /// <summary>A whole number (<c>5</c> or <c>5.0</c>), or null for anything else.</summary>
    private static long? Integer(JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Number)
        {
            return null;
        }

        if (element.TryGetInt64(out var number))
        {
            return number;
        }

        return element.TryGetDouble(out var real) && Math.Floor(real) == real && Math.Abs(real) < 9e15 ? (long)real : null;
    }

    private static DateTimeOffset? Timestamp(JsonElement element)
    {
        if (element.ValueKind == JsonValueKind.Object && element.TryGetProperty("$date", out var date) && element.EnumerateObject().Count() == 1)
        {
            element = date;
        }

        // ISO 8601 only (a date, then a time); a time without an offset is UTC.
        return element.ValueKind == JsonValueKind.String
            && element.GetString() is { Length: >= 10 } text && char.IsAsciiDigit(text[0]) && text[4] == '-'
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time)
                ? time
                : null;
    }

    private static ItemFilter Checked(ItemFilter filter, string path) =>
        ItemQueryRules.CheckFilter(filter) is { } problem ? throw new WixQueryException(path, problem) : filter;
}

/// <summary>A parsed aggregation with what its result repeats back: the caller's name, the type and the field path.</summary>
public sealed record WixAggregationRequest(string? Name, string Type, string FieldPath, ItemAggregation Aggregation);
