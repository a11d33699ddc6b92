using InventoryGrains.Abstractions.Inventory;
using InventoryGrains.Abstractions.Inventory.Queries;
using InventoryGrains.Domain.Items;

namespace InventoryGrains.Storage.Items;

/// <summary>
/// The order of a query in process memory, the same the SQL store asks of PostgreSQL: each key in
/// its direction, a missing value after every present one (so first when descending), then the
/// item id (by code point) in the direction of the last key.
/// </summary>
public sealed class ItemOrder : IComparer<ItemPosition>
{
    private readonly IReadOnlyList<ItemSort> _sort;

    public ItemOrder(IReadOnlyList<ItemSort> sort)
    {
        ArgumentNullException.ThrowIfNull(sort);
        _sort = sort;
    }

    public ItemPosition PositionOf(InventoryItem item) => ItemQueryArguments.PositionOf(item, _sort);

    public int Compare(ItemPosition? x, ItemPosition? y)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        for (var i = 0; i < _sort.Count; i++)
        {
            var order = ItemValue.Compare(x.Keys[i], y.Keys[i]);
            if (order != 0)
            {
                return _sort[i].Direction == SortDirection.Descending ? -order : order;
            }
        }

        var ids = ItemValue.CompareCodePoints(x.Id, y.Id);
        return _sort[^1].Direction == SortDirection.Descending ? -ids : ids;
    }
}
