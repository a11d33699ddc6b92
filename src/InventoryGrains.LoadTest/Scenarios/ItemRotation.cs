namespace InventoryGrains.LoadTest.Scenarios;

/// <summary>
/// Gives each worker its own share of the items (so no two workers race on one item's revision)
/// and hands out the next bulk of that share in turn, round and round.
/// </summary>
public sealed class ItemRotation
{
    private readonly int[][] _shares;
    private readonly int[] _cursors;

    public ItemRotation(int items, int workers)
    {
        _shares = [.. Enumerable.Range(0, workers).Select(w => Enumerable.Range(0, items).Where(i => i % workers == w).ToArray())];
        _cursors = new int[workers];
    }

    /// <summary>The next distinct items of <paramref name="worker"/>'s share: at most <paramref name="size"/>.</summary>
    public int[] Next(int worker, int size)
    {
        var share = _shares[worker];
        var take = Math.Min(size, share.Length);
        var items = new int[take];
        for (var i = 0; i < take; i++)
        {
            items[i] = share[(_cursors[worker] + i) % share.Length];
        }

        _cursors[worker] = share.Length == 0 ? 0 : (_cursors[worker] + take) % share.Length;
        return items;
    }
}
