using InventoryGrains.Abstractions.Inventory;
using InventoryGrains.Storage.Items;
using InventoryGrains.Testing;
using InventoryGrains.Domain.Items;

namespace InventoryGrains.Storage.Tests;

/// <summary>
/// What every item store promises, run against each of them: versions checked per write, a
/// conflicting write changes nothing, and a write's ledger entries are stored with it or not at all.
/// </summary>
public abstract partial class ItemStoreContract
{
    protected static readonly DateTimeOffset Now = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);

    protected string Tenant { get; } = $"shop-{Guid.NewGuid():N}";

    /// <summary>The store under test; the same instance for the whole test.</summary>
    protected abstract IItemStore Store { get; }

    /// <summary>A second store over the same data, as a second silo would have (the same instance where there is only one).</summary>
    protected abstract IItemStore SecondStore { get; }

    /// <summary>The item's ledger as stored.</summary>
    protected abstract Task<IReadOnlyList<ChangeLogEntry>> LedgerAsync(ItemKey key);

    protected ItemKey Key(string item) => new(Tenant, item);

    protected static InventoryItemState State(string id, long revision, int quantity) => new()
    {
        Exists = true,
        Id = id,
        Revision = revision,
        TrackQuantity = true,
        Quantity = quantity,
        VariantId = "variant-" + id,
        ProductId = "product-1",
        CreatedDate = Now,
        UpdatedDate = Now.AddSeconds(revision),
    };

    protected static ChangeLogEntry Change(long revision, int before, int after, string? operation = null) =>
        new(revision, ChangeReason.Manual, "test", Now.AddSeconds(revision), [new FieldChange("quantity", $"{before}", $"{after}")], operation);

    protected static ItemWrite Write(ItemKey key, long? expected, long revision, int quantity, params ChangeLogEntry[] changes) =>
        new(key, expected, State(key.ItemId, revision, quantity), changes);

    /// <summary>The feed reader of <see cref="Store"/>.</summary>
    protected IItemChangeReader Feed => (IItemChangeReader)Store;

    [Fact]
    public async Task A_walk_of_the_tenant_feed_meets_every_change_once_each_items_in_revision_order_and_no_other_tenants()
    {
        var items = Enumerable.Range(0, 12).Select(i => Key($"item-{i:00}")).ToList();
        var versions = new Dictionary<ItemKey, long>();
        await Task.WhenAll(items.Select(async key => versions[key] = await Store.WriteAsync(Write(key, null, 1, 1, Change(1, 0, 1)))));
        await Store.WriteAsync(new ItemWrite(new ItemKey("other-" + Tenant, "x"), null, State("x", 1, 1), [Change(1, 0, 1)]));
        for (var revision = 2; revision <= 4; revision++)
        {
            await Task.WhenAll(items.Select(async key => versions[key] = await Store.WriteAsync(Write(key, versions[key], revision, revision, Change(revision, revision - 1, revision)))));
        }

        // A change enters the feed once every transaction older than its own has ended (in
        // PostgreSQL, also those of other tests): an empty page means "not yet", so the walk goes
        // on until it has met 48 changes or a deadline passed.
        var seen = new List<(string Item, long Revision)>();
        string? position = null;
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (seen.Count < 48 && DateTime.UtcNow < deadline)
        {
            var page = await Feed.ReadFeedAsync(Tenant, position, 5);
            seen.AddRange(page.Changes.Select(change => (change.ItemId, change.Change.Revision)));
            if (page.Changes.Count == 0)
            {
                Assert.Equal(position, page.Position);
                await Task.Delay(20);
            }

            position = page.Position;
        }

        Assert.Equal(48, seen.Count);
        Assert.Equal(48, seen.Distinct().Count());
        Assert.All(seen.GroupBy(change => change.Item), item => Assert.Equal([1L, 2, 3, 4], item.Select(change => change.Revision)));
        Assert.Empty((await Feed.ReadFeedAsync(Tenant, position, 5)).Changes);
        Assert.Throws<ArgumentException>(() => { _ = Feed.ReadFeedAsync(Tenant, "not-a-position", 5).GetAwaiter().GetResult(); });
    }

    [Fact]
    public async Task A_reader_that_starts_at_the_end_of_the_feed_meets_exactly_the_changes_stored_after()
    {
        Assert.Null(await Feed.ReadFeedEndAsync(Tenant));
        var before = await Store.WriteAsync(Write(Key("before"), null, 1, 1, Change(1, 0, 1)));
        await Store.WriteAsync(Write(Key("before"), before, 2, 2, Change(2, 1, 2)));

        // Once both earlier changes are readable, the end is after them.
        var (_, end) = await Eventually.ReturnsAsync(
            async () => (await Feed.ReadFeedAsync(Tenant, null, 10), await Feed.ReadFeedEndAsync(Tenant)),
            read => read.Item1.Changes.Count == 2 && read.Item2 == read.Item1.Position, TimeSpan.FromSeconds(30), "the earlier changes to be readable");
        Assert.Empty((await Feed.ReadFeedAsync(Tenant, end, 10)).Changes);
        await Store.WriteAsync(Write(Key("after"), null, 1, 5, Change(1, 0, 5)));

        var page = await Eventually.ReturnsAsync(
            () => Feed.ReadFeedAsync(Tenant, end, 10), read => read.Changes.Count > 0, TimeSpan.FromSeconds(30), "the later change to be readable");
        Assert.Equal([("after", 1L)], page.Changes.Select(change => (change.ItemId, change.Change.Revision)));
    }

    [Fact]
    public async Task A_new_item_is_stored_at_version_1_and_read_back_with_its_ledger()
    {
        var key = Key("a");

        var version = await Store.WriteAsync(Write(key, null, 1, 10, Change(1, 0, 10, "op-1")));

        Assert.Equal(1, version);
        var stored = await Store.ReadAsync(key, recentChanges: 0);
        Assert.Equal((1L, 1L, 10, "variant-a"), (stored!.Version, stored.State.Revision, stored.State.Quantity, stored.State.VariantId));
        var entry = Assert.Single(await LedgerAsync(key));
        Assert.Equal((1L, ChangeReason.Manual, "test", "op-1"), (entry.Revision, entry.Reason, entry.Dialect, entry.OperationId));
        Assert.Equal(new FieldChange("quantity", "0", "10"), Assert.Single(entry.Changes));
        Assert.Equal(Now.AddSeconds(1), entry.Timestamp);
    }

    [Fact]
    public async Task An_item_is_read_with_the_operations_of_its_latest_changes_from_the_ledger_oldest_first()
    {
        var key = Key("operations");
        await Store.WriteAsync(Write(key, null, 1, 10, Change(1, 0, 10, "op-1")));
        await Store.WriteAsync(Write(key, 1, 4, 7, Change(2, 10, 9, "op-2"), Change(3, 9, 8), Change(4, 8, 7, "op-4")));

        var all = (await Store.ReadAsync(key, recentChanges: 1000))!.State.RecentOperations;
        var latestTwo = (await Store.ReadAsync(key, recentChanges: 2))!.State.RecentOperations;

        Assert.Equal([("op-1", 1L), ("op-2", 2L), ("op-4", 4L)], all.Select(o => (o.OperationId, o.Revision)));
        Assert.Equal(Now.AddSeconds(4), all[^1].AppliedAt);
        Assert.Equal([("op-4", 4L)], latestTwo.Select(o => (o.OperationId, o.Revision)));
        Assert.Empty((await Store.ReadAsync(key, recentChanges: 0))!.State.RecentOperations);
    }

    [Fact]
    public async Task A_group_is_stored_whole_with_its_quantities_operations_and_references()
    {
        var (a, b) = (Key("group-a"), Key("group-b"));
        await Store.WriteAsync(Write(a, null, 1, 10, Change(1, 0, 10)));
        await Store.WriteAsync(Write(b, null, 1, 3, Change(1, 0, 3)));
        var moved = State(a.ItemId, 2, 8);
        moved.Damaged = 2;
        var move = Change(2, 10, 8) with { Operation = ItemOperation.Move, Reference = "gid://shop/Transfer/1", Changes = [new("quantity", "10", "8"), new("damaged", "0", "2")] };

        var versions = await Store.WriteGroupAsync([new ItemWrite(a, 1, moved, [move]), Write(b, 1, 2, 4, Change(2, 3, 4) with { Operation = ItemOperation.Adjust })]);

        Assert.Equal([2L, 2L], versions);
        var stored = (await Store.ReadAsync(a, recentChanges: 0))!;
        Assert.Equal((2L, 8, 2), (stored.Version, stored.State.Quantity, stored.State.Damaged));
        var entry = (await LedgerAsync(a))[^1];
        Assert.Equal((ItemOperation.Move, "gid://shop/Transfer/1"), (entry.Operation, entry.Reference));
        Assert.Equal(ItemOperation.Adjust, (await LedgerAsync(b))[^1].Operation);
    }

    [Fact]
    public async Task A_group_with_one_stale_version_stores_nothing_of_any_item()
    {
        var (a, b) = (Key("stale-a"), Key("stale-b"));
        await Store.WriteAsync(Write(a, null, 1, 10, Change(1, 0, 10)));
        await Store.WriteAsync(Write(b, null, 1, 3, Change(1, 0, 3)));
        await Store.WriteAsync(Write(b, 1, 2, 4, Change(2, 3, 4)));

        var conflict = await Assert.ThrowsAsync<ItemVersionConflictException>(() =>
            SecondStore.WriteGroupAsync([Write(a, 1, 2, 9, Change(2, 10, 9)), Write(b, 1, 2, 5, Change(2, 3, 5))]));

        Assert.Equal((10, 1L), ((await Store.ReadAsync(a, recentChanges: 0))!.State.Quantity, (await Store.ReadAsync(a, recentChanges: 0))!.Version));
        Assert.Equal(4, (await Store.ReadAsync(b, recentChanges: 0))!.State.Quantity);
        Assert.Equal([1L], (await LedgerAsync(a)).Select(change => change.Revision));
        Assert.Equal([1L, 2L], (await LedgerAsync(b)).Select(change => change.Revision));
        Assert.NotNull(conflict.Key.ItemId);
    }

    [Fact]
    public async Task Concurrent_groups_over_the_same_items_each_apply_whole_or_not_at_all()
    {
        var keys = Enumerable.Range(0, 4).Select(i => Key($"race-{i}")).ToList();
        foreach (var key in keys)
        {
            await Store.WriteAsync(Write(key, null, 1, 0, Change(1, 0, 0)));
        }

        // Twenty groups, every one written against version 1 of its items: of any two that share an
        // item, at most one can be stored, and each is stored whole or not at all.
        var random = new Random(3);
        var groups = Enumerable.Range(0, 20).Select(g => keys.OrderBy(_ => random.Next()).Take(2).ToList()).ToList();
        var results = await Task.WhenAll(groups.Select(async (group, g) =>
        {
            try
            {
                await (g % 2 == 0 ? Store : SecondStore).WriteGroupAsync([.. group.Select(key => Write(key, 1, 2, 100 + g, Change(2, 0, 100 + g)))]);
                return true;
            }
            catch (ItemVersionConflictException)
            {
                return false;
            }
        }));

        var won = groups.Where((_, g) => results[g]).ToList();
        Assert.NotEmpty(won);
        Assert.Equal(won.SelectMany(group => group).Count(), won.SelectMany(group => group).Distinct().Count());
        foreach (var (group, g) in groups.Select((group, g) => (group, g)).Where(entry => results[entry.g]))
        {
            Assert.All(group, key => Assert.Equal(100 + g, Store.ReadAsync(key, recentChanges: 0).Result!.State.Quantity));
        }

        foreach (var key in keys)
        {
            Assert.Equal((await Store.ReadAsync(key, recentChanges: 0))!.Version, (await LedgerAsync(key)).Count);
        }
    }

    [Fact]
    public async Task An_item_never_written_reads_as_absent()
    {
        Assert.Null(await Store.ReadAsync(Key("never"), recentChanges: 0));
    }

    [Fact]
    public async Task Each_write_that_names_the_stored_version_moves_it_on_and_appends_its_changes_in_order()
    {
        var key = Key("b");
        await Store.WriteAsync(Write(key, null, 1, 10, Change(1, 0, 10)));

        var second = await Store.WriteAsync(Write(key, 1, 2, 9, Change(2, 10, 9)));
        var third = await Store.WriteAsync(Write(key, 2, 4, 7, Change(3, 9, 8), Change(4, 8, 7)));

        Assert.Equal((2L, 3L), (second, third));
        Assert.Equal((3L, 4L, 7), ((await Store.ReadAsync(key, recentChanges: 0))!.Version, (await Store.ReadAsync(key, recentChanges: 0))!.State.Revision, (await Store.ReadAsync(key, recentChanges: 0))!.State.Quantity));
        Assert.Equal([1L, 2L, 3L, 4L], (await LedgerAsync(key)).Select(c => c.Revision));
    }

    [Fact]
    public async Task A_write_naming_an_old_version_conflicts_and_changes_neither_state_nor_ledger()
    {
        var key = Key("c");
        await Store.WriteAsync(Write(key, null, 1, 10, Change(1, 0, 10)));
        await Store.WriteAsync(Write(key, 1, 2, 9, Change(2, 10, 9)));

        var conflict = await Assert.ThrowsAsync<ItemVersionConflictException>(() => Store.WriteAsync(Write(key, 1, 2, 5, Change(2, 10, 5))));

        Assert.Equal((key, (long?)1), (conflict.Key, conflict.ExpectedVersion));
        var stored = await Store.ReadAsync(key, recentChanges: 0);
        Assert.Equal((2L, 9), (stored!.Version, stored.State.Quantity));
        Assert.Equal([(2L, "9")], (await LedgerAsync(key)).Where(c => c.Revision == 2).Select(c => (c.Revision, c.Changes[0].After)));
    }

    [Fact]
    public async Task Writing_an_existing_item_as_new_conflicts()
    {
        var key = Key("d");
        await Store.WriteAsync(Write(key, null, 1, 10, Change(1, 0, 10)));

        await Assert.ThrowsAsync<ItemVersionConflictException>(() => Store.WriteAsync(Write(key, null, 1, 99, Change(1, 0, 99))));

        Assert.Equal(10, (await Store.ReadAsync(key, recentChanges: 0))!.State.Quantity);
        Assert.Single(await LedgerAsync(key));
    }

    [Fact]
    public async Task Of_two_writers_of_one_item_at_the_same_version_exactly_one_wins()
    {
        var key = Key("e");
        await Store.WriteAsync(Write(key, null, 1, 10, Change(1, 0, 10)));

        // Two activations of one item (a split cluster), each through its own silo's store.
        for (var round = 0; round < 20; round++)
        {
            var version = (await Store.ReadAsync(key, recentChanges: 0))!.Version;
            var revision = version + 1;
            var writes = await Task.WhenAll(
                Outcome(Store.WriteAsync(Write(key, version, revision, 100 + round, Change(revision, 0, 100 + round)))),
                Outcome(SecondStore.WriteAsync(Write(key, version, revision, 200 + round, Change(revision, 0, 200 + round)))));

            var winner = Assert.Single(writes, w => w.Version is not null);
            Assert.Single(writes, w => w.Conflict);
            var stored = await Store.ReadAsync(key, recentChanges: 0);
            Assert.Equal(winner.Version, stored!.Version);
        }

        Assert.Equal(Enumerable.Range(1, 21).Select(r => (long)r), (await LedgerAsync(key)).Select(c => c.Revision));
    }

    [Fact]
    public async Task Removing_a_state_needs_its_current_version_and_keeps_its_ledger()
    {
        var key = Key("f");
        await Store.WriteAsync(Write(key, null, 1, 10, Change(1, 0, 10)));

        await Assert.ThrowsAsync<ItemVersionConflictException>(() => Store.ClearAsync(key, 7));
        await Store.ClearAsync(key, 1);

        Assert.Null(await Store.ReadAsync(key, recentChanges: 0));
        Assert.Single(await LedgerAsync(key));
    }

    private static async Task<(long? Version, bool Conflict)> Outcome(Task<long> write)
    {
        try
        {
            return (await write, false);
        }
        catch (ItemVersionConflictException)
        {
            return (null, true);
        }
    }
}
