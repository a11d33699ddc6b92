using System.Globalization;
using System.Text.Json;
using InventoryGrains.Abstractions.Inventory.Queries;
using InventoryGrains.Api.Edge.Cursors;
using InventoryGrains.Domain.Items;

namespace InventoryGrains.Api.Console;

/// <summary>
/// What the items page asks of the query store: the text searched (an item, variant or product id,
/// or the start of one), a location, in stock or not, and an order; a page of it after a cursor.
/// The cursor is sealed for the tenant and for this very search, so it opens on no other.
/// </summary>
public sealed record ItemSearch(string? Text, string? Location, string? Availability, string? Sort)
{
    public const int PageSize = 50;

    private static readonly string[] NullKey = ["n", ""];

    /// <summary>The orders the page offers, by the value of its <c>sort</c> parameter.</summary>
    public static IReadOnlyDictionary<string, (string Label, ItemSort Sort)> Orders { get; } = new Dictionary<string, (string, ItemSort)>(StringComparer.Ordinal)
    {
        ["newest"] = ("Newest first", new ItemSort(ItemField.CreatedDate, SortDirection.Descending)),
        ["product"] = ("Product id", new ItemSort(ItemField.ProductId, SortDirection.Ascending)),
        ["available-asc"] = ("Available, lowest first", new ItemSort(ItemField.Quantity, SortDirection.Ascending)),
        ["available-desc"] = ("Available, highest first", new ItemSort(ItemField.Quantity, SortDirection.Descending)),
        ["committed-desc"] = ("Committed, highest first", new ItemSort(ItemField.Committed, SortDirection.Descending)),
        ["updated"] = ("Recently changed", new ItemSort(ItemField.UpdatedDate, SortDirection.Descending)),
    };

    public string OrderKey => Sort is { } sort && Orders.ContainsKey(sort) ? sort : "newest";

    /// <summary>The filter of the search; null when it selects every item.</summary>
    public ItemFilter? Filter()
    {
        var conditions = new List<ItemFilter>();
        if (Text?.Trim() is { Length: > 0 } text)
        {
            var value = ItemValue.Of(text);
            conditions.Add(ItemFilter.Or(
                ItemFilter.Condition(ItemField.Id, FilterOperator.StartsWith, value),
                ItemFilter.Condition(ItemField.VariantId, FilterOperator.StartsWith, value),
                ItemFilter.Condition(ItemField.ProductId, FilterOperator.StartsWith, value)));
        }

        if (Location?.Trim() is { Length: > 0 } location)
        {
            conditions.Add(ItemFilter.Condition(ItemField.LocationId, FilterOperator.Eq, ItemValue.Of(location)));
        }

        if (Availability switch { "in-stock" => AvailabilityStatus.InStock, "preorder" => AvailabilityStatus.Preorder, "out-of-stock" => AvailabilityStatus.OutOfStock, _ => (AvailabilityStatus?)null } is { } status)
        {
            conditions.Add(ItemFilter.Condition(ItemField.AvailabilityStatus, FilterOperator.Eq, ItemValue.Of(status.ContractName())));
        }

        return conditions.Count switch
        {
            0 => null,
            1 => conditions[0],
            _ => ItemFilter.And([.. conditions]),
        };
    }

    /// <summary>The query of one page, after the position <paramref name="cursor"/> holds (none: the first page).</summary>
    /// <returns>Null when the cursor is not one this search gave this tenant.</returns>
    public ItemQuery? Query(string? cursor, CursorSeal seal, string tenant)
    {
        ArgumentNullException.ThrowIfNull(seal);
        ItemPosition? after = null;
        if (cursor is { Length: > 0 })
        {
            if (!seal.TryOpen(Route, tenant, cursor, out var text) || Read(text) is not { } position)
            {
                return null;
            }

            after = position;
        }

        return First(PageSize) with { After = after };
    }

    /// <summary>The query of the first page of <paramref name="limit"/> items.</summary>
    public ItemQuery First(int limit) => new(Filter(), [Orders[OrderKey].Sort], limit);

    /// <summary>The cursor of the page after <paramref name="next"/>.</summary>
    public string Cursor(ItemPosition next, CursorSeal seal, string tenant)
    {
        ArgumentNullException.ThrowIfNull(next);
        ArgumentNullException.ThrowIfNull(seal);
        var keys = next.Keys.Select(key => key switch
        {
            null => NullKey,
            { Type: ItemValueType.Text } => ["s", key.Text ?? ""],
            { Type: ItemValueType.Boolean } => ["b", key.Boolean ? "1" : "0"],
            { Type: ItemValueType.Number } => ["i", key.Number.ToString(CultureInfo.InvariantCulture)],
            _ => ["t", key.Timestamp.UtcTicks.ToString(CultureInfo.InvariantCulture)],
        }).ToList();
        return seal.Seal(Route, tenant, JsonSerializer.Serialize(new StoredPosition(keys, next.Id)));
    }

    /// <summary>A cursor is for one search: the same text, location, availability and order.</summary>
    private string Route => string.Join('\u001f', "console/items", Text?.Trim() ?? "", Location?.Trim() ?? "", Availability ?? "", OrderKey);

    private static ItemPosition? Read(string text)
    {
        try
        {
            if (JsonSerializer.Deserialize<StoredPosition>(text) is not { Keys: { } keys, Id: { } id })
            {
                return null;
            }

            var values = new List<ItemValue?>(keys.Count);
            foreach (var key in keys)
            {
                values.Add(key switch
                {
                    ["n", _] => null,
                    ["s", var value] => ItemValue.Of(value),
                    ["b", var value] => ItemValue.Of(value == "1"),
                    ["i", var value] => ItemValue.Of(long.Parse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture)),
                    ["t", var value] => ItemValue.Of(new DateTimeOffset(long.Parse(value, NumberStyles.None, CultureInfo.InvariantCulture), TimeSpan.Zero)),
                    _ => throw new FormatException("unknown key"),
                });
            }

            return new ItemPosition(values, id);
        }
        catch (Exception exception) when (exception is JsonException or FormatException or OverflowException or ArgumentException)
        {
            return null;
        }
    }

    private sealed record StoredPosition(IReadOnlyList<string[]> Keys, string Id);
}
