using InventoryGrains.Domain.Items;

namespace InventoryGrains.Abstractions.Inventory.Queries;

/// <summary>
/// Which items a query selects. Conditions are two-valued: an item either matches or not, also
/// when it lacks the field, so <see cref="NotFilter"/> selects exactly the items its filter does not.
/// </summary>
[GenerateSerializer, Immutable]
public abstract record ItemFilter
{
    public static ItemFilter Condition(ItemField field, FilterOperator op, params ItemValue?[] operands) => new FieldFilter(field, op, operands);

    public static ItemFilter And(params ItemFilter[] filters) => new AllOfFilter(filters);

    public static ItemFilter Or(params ItemFilter[] filters) => new AnyOfFilter(filters);

    public static ItemFilter Not(ItemFilter filter) => new NotFilter(filter);
}

/// <summary>Every filter matches; with none, every item does.</summary>
[GenerateSerializer, Immutable]
public sealed record AllOfFilter([property: Id(0)] IReadOnlyList<ItemFilter> Filters) : ItemFilter;

/// <summary>At least one filter matches; with none, no item does.</summary>
[GenerateSerializer, Immutable]
public sealed record AnyOfFilter([property: Id(0)] IReadOnlyList<ItemFilter> Filters) : ItemFilter;

[GenerateSerializer, Immutable]
public sealed record NotFilter([property: Id(0)] ItemFilter Filter) : ItemFilter;

/// <summary>
/// One condition on one field. <see cref="FilterOperator.In"/> and <see cref="FilterOperator.NotIn"/>
/// take any number of operands, every other operator exactly one; a null operand stands for "no
/// value" and is allowed with <see cref="FilterOperator.Eq"/>, <see cref="FilterOperator.Ne"/>,
/// <see cref="FilterOperator.In"/> and <see cref="FilterOperator.NotIn"/> only.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record FieldFilter(
    [property: Id(0)] ItemField Field,
    [property: Id(1)] FilterOperator Operator,
    [property: Id(2)] IReadOnlyList<ItemValue?> Operands) : ItemFilter;

/// <summary>
/// The operators, as in the Wix API query language. An item that lacks the field matches
/// <see cref="Eq"/> null, <see cref="Ne"/> of any value, <see cref="NotIn"/> of a list without null,
/// <see cref="Exists"/> false, and nothing else.
/// </summary>
public enum FilterOperator
{
    Eq,
    Ne,
    Gt,
    Gte,
    Lt,
    Lte,
    In,
    NotIn,

    /// <summary>The operand is a boolean: whether the item has a value for the field.</summary>
    Exists,

    /// <summary>Text fields only: the value begins with the operand (code point by code point, case-sensitive).</summary>
    StartsWith,
}
