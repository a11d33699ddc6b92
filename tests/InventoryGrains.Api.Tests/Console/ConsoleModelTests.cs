using InventoryGrains.Abstractions.Inventory.Queries;
using InventoryGrains.Api.Console;
using InventoryGrains.Api.Edge.Cursors;
using InventoryGrains.Domain.Items;
using Microsoft.AspNetCore.DataProtection;

namespace InventoryGrains.Api.Tests.Console;

/// <summary>The console's pure parts: the items page's search and cursors, the item's chart.</summary>
public sealed class ConsoleModelTests
{
    private static readonly CursorSeal Seal = new(new EphemeralDataProtectionProvider());

    [Fact]
    public void A_search_filters_by_the_start_of_an_id_a_location_and_availability_in_the_order_asked()
    {
        var query = new ItemSearch(" mug ", "warehouse", "in-stock", "available-asc").Query(null, Seal, "shop")!;

        Assert.Equal(ItemFilter.And(
            ItemFilter.Or(
                ItemFilter.Condition(ItemField.Id, FilterOperator.StartsWith, ItemValue.Of("mug")),
                ItemFilter.Condition(ItemField.VariantId, FilterOperator.StartsWith, ItemValue.Of("mug")),
                ItemFilter.Condition(ItemField.ProductId, FilterOperator.StartsWith, ItemValue.Of("mug"))),
            ItemFilter.Condition(ItemField.LocationId, FilterOperator.Eq, ItemValue.Of("warehouse")),
            ItemFilter.Condition(ItemField.AvailabilityStatus, FilterOperator.Eq, ItemValue.Of("IN_STOCK"))).ToString(), query.Filter!.ToString());
        Assert.Equal([new ItemSort(ItemField.Quantity, SortDirection.Ascending)], query.Sort);
        Assert.Equal(ItemSearch.PageSize, query.Limit);
        Assert.Null(new ItemSearch(null, " ", null, "no-such-order").Filter());
        Assert.Equal("newest", new ItemSearch(null, null, null, "no-such-order").OrderKey);
    }

    [Fact]
    public void A_cursor_opens_on_the_search_and_tenant_that_made_it_and_on_no_other()
    {
        var search = new ItemSearch("mug", null, null, "available-desc");
        var position = new ItemPosition([ItemValue.Of(7L), null, ItemValue.Of("x"), ItemValue.Of(true), ItemValue.Of(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero))], "item-9");
        var cursor = search.Cursor(position, Seal, "shop");

        Assert.Equal(position.Keys, search.Query(cursor, Seal, "shop")!.After!.Keys);
        Assert.Equal("item-9", search.Query(cursor, Seal, "shop")!.After!.Id);
        Assert.Null(search.Query(cursor, Seal, "other-shop"));
        Assert.Null((search with { Text = "cup" }).Query(cursor, Seal, "shop"));
        Assert.Null((search with { Sort = "product" }).Query(cursor, Seal, "shop"));
        Assert.Null(search.Query(cursor + "x", Seal, "shop"));
    }

    [Fact]
    public void The_chart_steps_through_each_change_of_the_available_quantity_and_ignores_the_others()
    {
        var start = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        ChangeLogEntry Change(long revision, int minutes, params FieldChange[] fields) =>
            new(revision, ChangeReason.Correction, "service", start.AddMinutes(minutes), fields);

        var chart = AvailableChart.From(
        [
            Change(1, 0, new FieldChange(LedgerFields.Quantity, "0", "10")),
            Change(2, 5, new FieldChange(LedgerFields.VariantId, "\"a\"", "\"b\"")),
            Change(3, 10, new FieldChange(LedgerFields.Quantity, "10", "4")),
            Change(4, 20, new FieldChange(LedgerFields.Quantity, "4", "-2")),
        ]);

        Assert.Equal([(start, 10L), (start.AddMinutes(10), 4L), (start.AddMinutes(20), -2L)], chart.Points);
        Assert.Equal((-2L, 10L), (chart.Lowest, chart.Highest));
        // Three changes: a point for each and a step before each but the first.
        var points = chart.Polyline().Split(' ');
        Assert.Equal(5, points.Length);
        Assert.Equal("24,24", points[0]);
        Assert.Equal($"{AvailableChart.Width - 24},{AvailableChart.Height - 24}", points[^1]);
        Assert.Equal("", AvailableChart.From([]).Polyline());
    }
}
