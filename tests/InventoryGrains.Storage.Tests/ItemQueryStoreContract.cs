using System.Text;
using InventoryGrains.Abstractions.Inventory;
using InventoryGrains.Abstractions.Inventory.Queries;
using InventoryGrains.Storage.Items;
using static InventoryGrains.Abstractions.Inventory.Queries.ItemFilter;
using InventoryGrains.Domain.Items;

namespace InventoryGrains.Storage.Tests;

/// <summary>
/// What every item query store promises, run against each of them over the same items: the same
/// selection for every operator and combination, the same order (ties, missing values, text by code
/// point, timestamps at microsecond precision), the same pages, counts and aggregations. Expected
/// answers come from the test's own model of the items, not from either store.
/// </summary>
public abstract class ItemQueryStoreContract
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 8, 0, 0, TimeSpan.Zero);

    // Text that orders differently by UTF-16 code unit than by code point ("😀" is a surrogate pair,
    // below "Ａ" in UTF-16, above it in code points), upper before lower case, an accented letter.
    private static readonly string[] IdStems = ["a", "B", "é", "😀", "Ａ", "z"];
    private static readonly string?[] Products = [null, "p-A", "p-B", "p-a", "p-é", "p-😀", "p-Ａ"];
    private static readonly string[] Locations = ["default", "loc-1", "loc-2"];

    private readonly Dictionary<ItemKey, long> _versions = [];

    protected string Tenant { get; } = $"shop-{Guid.NewGuid():N}";

    protected abstract IItemStore Store { get; }

    protected abstract IItemQueryStore Queries { get; }

    /// <summary>
    /// 48 items: every third one created in the same microsecond as the two before it (apart by
    /// 100 ns steps, which neither store keeps), tracked and untracked ones (an untracked item keeps
    /// a stale quantity that must never be seen), some without a product, some taking preorders.
    /// </summary>
    protected async Task<List<InventoryItemState>> SeedAsync(string tenant, int count = 48, int seed = 7)
    {
        var random = new Random(seed);
        var states = new List<InventoryItemState>();
        for (var i = 0; i < count; i++)
        {
            var tracked = i % 4 != 3;
            var state = new InventoryItemState
            {
                Exists = true,
                Id = $"{IdStems[i % IdStems.Length]}-{i:00}",
                Revision = 1,
                TrackQuantity = tracked,
                Quantity = random.Next(-3, 12),
                InStock = i % 2 == 0,
                VariantId = $"v-{i % 7}",
                ProductId = Products[i % Products.Length],
                LocationId = Locations[i % Locations.Length],
                PreorderEnabled = i % 5 == 0,
                CreatedDate = T0.AddSeconds(i / 3).AddTicks(i % 3 * 3),
                UpdatedDate = T0.AddMinutes(random.Next(0, 30)).AddTicks(random.Next(0, 9)),
                Reserved = random.Next(0, 3),
                Damaged = random.Next(0, 4),
                Incoming = random.Next(0, 5) * 10,
            };
            states.Add(state);
        }

        await Task.WhenAll(states.Select(state => PutAsync(tenant, state)));
        return states;
    }

    /// <summary>Stores the state (a new item or a new version of one), as the item grain would.</summary>
    protected async Task PutAsync(string tenant, InventoryItemState state)
    {
        var key = new ItemKey(tenant, state.Id);
        long? expected;
        lock (_versions)
        {
            expected = _versions.TryGetValue(key, out var version) ? version : null;
        }

        var stored = await Store.WriteAsync(new ItemWrite(key, expected, state, []));
        lock (_versions)
        {
            _versions[key] = stored;
        }
    }

    // ---- the test's model of an item's fields: independent of the stores' code ----

    private static object? Model(InventoryItemState s, ItemField field) => field switch
    {
        ItemField.Id => s.Id,
        ItemField.VariantId => s.VariantId,
        ItemField.ProductId => s.ProductId,
        ItemField.LocationId => s.LocationId,
        ItemField.TrackQuantity => s.TrackQuantity,
        ItemField.Quantity => s.TrackQuantity ? s.Quantity : null,
        ItemField.InStock => s.TrackQuantity ? null : s.InStock,
        ItemField.AvailabilityStatus => s.AvailabilityStatus.ContractName(),
        ItemField.PreorderEnabled => s.PreorderEnabled,
        ItemField.CreatedDate => s.CreatedDate.UtcTicks / 10,
        ItemField.UpdatedDate => s.UpdatedDate.UtcTicks / 10,
        ItemField.Reserved => s.TrackQuantity ? s.Reserved : null,
        ItemField.Committed => s.TrackQuantity ? s.Committed : null,
        ItemField.Damaged => s.TrackQuantity ? s.Damaged : null,
        ItemField.SafetyStock => s.TrackQuantity ? s.SafetyStock : null,
        ItemField.QualityControl => s.TrackQuantity ? s.QualityControl : null,
        ItemField.Incoming => s.TrackQuantity ? s.Incoming : null,
        ItemField.OnHand => s.TrackQuantity ? (long)s.Quantity + s.Reserved + s.Committed + s.Damaged + s.SafetyStock + s.QualityControl : null,
        _ => throw new ArgumentOutOfRangeException(nameof(field)),
    };

    /// <summary>Missing after present; text by its UTF-8 bytes (the "C" collation), the rest by value.</summary>
    private static int CompareModel(object? x, object? y) => (x, y) switch
    {
        (null, null) => 0,
        (null, _) => 1,
        (_, null) => -1,
        (string a, string b) => Encoding.UTF8.GetBytes(a).AsSpan().SequenceCompareTo(Encoding.UTF8.GetBytes(b)),
        _ => Comparer<object>.Default.Compare(x, y),
    };

    private static List<string> ModelOrder(IEnumerable<InventoryItemState> states, IReadOnlyList<ItemSort> sort)
    {
        var list = states.ToList();
        list.Sort((x, y) =>
        {
            foreach (var key in sort)
            {
                var order = CompareModel(Model(x, key.Field), Model(y, key.Field));
                if (order != 0)
                {
                    return key.Direction == SortDirection.Descending ? -order : order;
                }
            }

            var ids = CompareModel(x.Id, y.Id);
            return sort[^1].Direction == SortDirection.Descending ? -ids : ids;
        });
        return [.. list.Select(s => s.Id)];
    }

    private static ItemValue V(string text) => ItemValue.Of(text);

    private static ItemValue V(long number) => ItemValue.Of(number);

    private static ItemValue V(bool flag) => ItemValue.Of(flag);

    private static ItemValue V(DateTimeOffset time) => ItemValue.Of(time);

    private static ItemSort Asc(ItemField field) => new(field, SortDirection.Ascending);

    private static ItemSort Desc(ItemField field) => new(field, SortDirection.Descending);

    /// <summary>Filters with the items each selects by the model; operators, missing values, and combinations.</summary>
    private static IEnumerable<(string Name, ItemFilter Filter, Func<InventoryItemState, bool> Expected)> Cases()
    {
        static long Micro(DateTimeOffset t) => t.UtcTicks / 10;
        var t5 = T0.AddSeconds(5).AddTicks(4);

        yield return ("id $eq", Condition(ItemField.Id, FilterOperator.Eq, V("é-02")), s => s.Id == "é-02");
        yield return ("variantId $eq", Condition(ItemField.VariantId, FilterOperator.Eq, V("v-3")), s => s.VariantId == "v-3");
        yield return ("variantId $ne", Condition(ItemField.VariantId, FilterOperator.Ne, V("v-3")), s => s.VariantId != "v-3");
        yield return ("productId $eq", Condition(ItemField.ProductId, FilterOperator.Eq, V("p-é")), s => s.ProductId == "p-é");
        yield return ("productId $eq null", Condition(ItemField.ProductId, FilterOperator.Eq, (ItemValue?)null), s => s.ProductId is null);
        yield return ("productId $ne (missing matches)", Condition(ItemField.ProductId, FilterOperator.Ne, V("p-A")), s => s.ProductId != "p-A");
        yield return ("productId $ne null", Condition(ItemField.ProductId, FilterOperator.Ne, (ItemValue?)null), s => s.ProductId is not null);
        yield return ("productId $gt (code points)", Condition(ItemField.ProductId, FilterOperator.Gt, V("p-a")),
            s => s.ProductId is not null && CompareModel(s.ProductId, "p-a") > 0);
        yield return ("productId $lte", Condition(ItemField.ProductId, FilterOperator.Lte, V("p-a")),
            s => s.ProductId is not null && CompareModel(s.ProductId, "p-a") <= 0);
        yield return ("productId $in with null", Condition(ItemField.ProductId, FilterOperator.In, V("p-B"), null, V("nope")),
            s => s.ProductId is null or "p-B");
        yield return ("productId $in", Condition(ItemField.ProductId, FilterOperator.In, V("p-B"), V("p-😀")), s => s.ProductId is "p-B" or "p-😀");
        yield return ("productId $in empty", Condition(ItemField.ProductId, FilterOperator.In), _ => false);
        yield return ("productId $nin (missing matches)", Condition(ItemField.ProductId, FilterOperator.NotIn, V("p-B"), V("p-A")),
            s => s.ProductId is not ("p-B" or "p-A"));
        yield return ("productId $nin with null", Condition(ItemField.ProductId, FilterOperator.NotIn, V("p-B"), null),
            s => s.ProductId is not (null or "p-B"));
        yield return ("productId $exists", Condition(ItemField.ProductId, FilterOperator.Exists, V(true)), s => s.ProductId is not null);
        yield return ("productId $exists false", Condition(ItemField.ProductId, FilterOperator.Exists, V(false)), s => s.ProductId is null);
        yield return ("productId $startsWith", Condition(ItemField.ProductId, FilterOperator.StartsWith, V("p-")), s => s.ProductId is not null);
        yield return ("productId $startsWith is case-sensitive", Condition(ItemField.ProductId, FilterOperator.StartsWith, V("p-a")), s => s.ProductId == "p-a");
        yield return ("id $startsWith non-ASCII", Condition(ItemField.Id, FilterOperator.StartsWith, V("😀")), s => s.Id.StartsWith("😀", StringComparison.Ordinal));
        yield return ("locationId $in", Condition(ItemField.LocationId, FilterOperator.In, V("loc-1"), V("loc-2")), s => s.LocationId != "default");
        yield return ("quantity $eq (untracked never)", Condition(ItemField.Quantity, FilterOperator.Eq, V(5)), s => s.TrackQuantity && s.Quantity == 5);
        yield return ("quantity $gt", Condition(ItemField.Quantity, FilterOperator.Gt, V(5)), s => s.TrackQuantity && s.Quantity > 5);
        yield return ("quantity $gte", Condition(ItemField.Quantity, FilterOperator.Gte, V(0)), s => s.TrackQuantity && s.Quantity >= 0);
        yield return ("quantity $lt", Condition(ItemField.Quantity, FilterOperator.Lt, V(0)), s => s.TrackQuantity && s.Quantity < 0);
        yield return ("quantity $lte", Condition(ItemField.Quantity, FilterOperator.Lte, V(2)), s => s.TrackQuantity && s.Quantity <= 2);
        yield return ("quantity $ne (untracked match)", Condition(ItemField.Quantity, FilterOperator.Ne, V(5)), s => !s.TrackQuantity || s.Quantity != 5);
        yield return ("quantity $in", Condition(ItemField.Quantity, FilterOperator.In, V(1), V(2), V(3)), s => s.TrackQuantity && s.Quantity is 1 or 2 or 3);
        yield return ("quantity $nin", Condition(ItemField.Quantity, FilterOperator.NotIn, V(1), V(2)), s => !s.TrackQuantity || s.Quantity is not (1 or 2));
        yield return ("quantity $exists", Condition(ItemField.Quantity, FilterOperator.Exists, V(true)), s => s.TrackQuantity);
        yield return ("damaged $gt (untracked never)", Condition(ItemField.Damaged, FilterOperator.Gt, V(0)), s => s.TrackQuantity && s.Damaged > 0);
        yield return ("incoming $in", Condition(ItemField.Incoming, FilterOperator.In, V(10), V(30)), s => s.TrackQuantity && s.Incoming is 10 or 30);
        yield return ("reserved $eq 0", Condition(ItemField.Reserved, FilterOperator.Eq, V(0)), s => s.TrackQuantity && s.Reserved == 0);
        yield return ("onHand $gte (available and the states on hand)", Condition(ItemField.OnHand, FilterOperator.Gte, V(8)),
            s => s.TrackQuantity && s.Quantity + s.Reserved + s.Damaged >= 8);
        yield return ("committed $exists false", Condition(ItemField.Committed, FilterOperator.Exists, V(false)), s => !s.TrackQuantity);
        yield return ("inStock $eq (tracked never)", Condition(ItemField.InStock, FilterOperator.Eq, V(true)), s => !s.TrackQuantity && s.InStock);
        yield return ("inStock $exists false", Condition(ItemField.InStock, FilterOperator.Exists, V(false)), s => s.TrackQuantity);
        yield return ("trackQuantity $eq", Condition(ItemField.TrackQuantity, FilterOperator.Eq, V(false)), s => !s.TrackQuantity);
        yield return ("trackQuantity $exists false", Condition(ItemField.TrackQuantity, FilterOperator.Exists, V(false)), _ => false);
        yield return ("preorder $gt false", Condition(ItemField.PreorderEnabled, FilterOperator.Gt, V(false)), s => s.PreorderEnabled);
        yield return ("availabilityStatus $eq", Condition(ItemField.AvailabilityStatus, FilterOperator.Eq, V("PREORDER")),
            s => s.AvailabilityStatus == AvailabilityStatus.Preorder);
        yield return ("availabilityStatus $in", Condition(ItemField.AvailabilityStatus, FilterOperator.In, V("IN_STOCK"), V("OUT_OF_STOCK")),
            s => s.AvailabilityStatus != AvailabilityStatus.Preorder);
        yield return ("createdDate $gte (microseconds)", Condition(ItemField.CreatedDate, FilterOperator.Gte, V(t5)), s => Micro(s.CreatedDate) >= Micro(t5));
        yield return ("createdDate $lt", Condition(ItemField.CreatedDate, FilterOperator.Lt, V(t5)), s => Micro(s.CreatedDate) < Micro(t5));
        yield return ("createdDate $eq ignores 100 ns", Condition(ItemField.CreatedDate, FilterOperator.Eq, V(T0.AddSeconds(2).AddTicks(5))),
            s => Micro(s.CreatedDate) == Micro(T0.AddSeconds(2)));
        yield return ("updatedDate $gt", Condition(ItemField.UpdatedDate, FilterOperator.Gt, V(T0.AddMinutes(15))), s => Micro(s.UpdatedDate) > Micro(T0.AddMinutes(15)));
        yield return ("$and", And(
                Condition(ItemField.TrackQuantity, FilterOperator.Eq, V(true)),
                Condition(ItemField.LocationId, FilterOperator.Eq, V("loc-1"))),
            s => s.TrackQuantity && s.LocationId == "loc-1");
        yield return ("$or", Or(
                Condition(ItemField.Quantity, FilterOperator.Gt, V(9)),
                Condition(ItemField.InStock, FilterOperator.Eq, V(true))),
            s => (s.TrackQuantity && s.Quantity > 9) || (!s.TrackQuantity && s.InStock));
        yield return ("$not of a comparison an item lacks", Not(Condition(ItemField.Quantity, FilterOperator.Gt, V(5))),
            s => !(s.TrackQuantity && s.Quantity > 5));
        yield return ("$not of $startsWith on a missing field", Not(Condition(ItemField.ProductId, FilterOperator.StartsWith, V("p-A"))),
            s => s.ProductId != "p-A");
        yield return ("$not $not", Not(Not(Condition(ItemField.ProductId, FilterOperator.Gt, V("p-B")))),
            s => s.ProductId is not null && CompareModel(s.ProductId, "p-B") > 0);
        yield return ("nested", And(
                Or(Condition(ItemField.LocationId, FilterOperator.Eq, V("default")), Not(Condition(ItemField.ProductId, FilterOperator.Exists, V(true)))),
                Not(And(Condition(ItemField.TrackQuantity, FilterOperator.Eq, V(true)), Condition(ItemField.Quantity, FilterOperator.Lt, V(3))))),
            s => (s.LocationId == "default" || s.ProductId is null) && !(s.TrackQuantity && s.Quantity < 3));
        yield return ("empty $and", And(), _ => true);
        yield return ("empty $or", Or(), _ => false);
    }

    private async Task<List<string>> WalkAsync(string tenant, ItemFilter? filter, IReadOnlyList<ItemSort> sort, int limit)
    {
        var ids = new List<string>();
        ItemPosition? after = null;
        for (var pages = 0; pages < 10_000; pages++)
        {
            var page = await Queries.QueryAsync(tenant, new ItemQuery(filter, sort, limit, after));
            Assert.True(page.Items.Count <= limit);
            ids.AddRange(page.Items.Select(i => i.Id));
            if (page.Next is null)
            {
                return ids;
            }

            Assert.Equal(limit, page.Items.Count);
            after = page.Next;
        }

        throw new InvalidOperationException("The walk does not end.");
    }

    [Fact]
    public async Task Every_operator_and_combination_selects_the_items_the_model_says()
    {
        var states = await SeedAsync(Tenant);
        var failures = new List<string>();

        foreach (var (name, filter, expected) in Cases())
        {
            var want = ModelOrder(states.Where(expected), ItemQuery.DefaultSort);
            var got = await WalkAsync(Tenant, filter, [], 1000);
            var count = await Queries.CountAsync(Tenant, filter);
            if (!want.SequenceEqual(got) || count != want.Count)
            {
                failures.Add($"{name}: expected [{string.Join(", ", want)}], got [{string.Join(", ", got)}], count {count}");
            }
        }

        Assert.Empty(failures);
    }

    [Fact]
    public async Task A_deleted_item_is_neither_listed_nor_counted()
    {
        var states = await SeedAsync(Tenant, count: 6);
        var tombstone = states[2].Clone();
        tombstone.Exists = false;
        tombstone.Deleted = true;
        tombstone.Revision++;
        await PutAsync(Tenant, tombstone);

        var page = await Queries.QueryAsync(Tenant, new ItemQuery(null, [], 100));

        Assert.Equal(5, page.Items.Count);
        Assert.DoesNotContain(page.Items, item => item.Id == tombstone.Id);
        Assert.Equal(5, await Queries.CountAsync(Tenant, null));
    }

    [Fact]
    public async Task Not_selects_exactly_the_items_its_filter_does_not()
    {
        var states = await SeedAsync(Tenant);
        var all = states.Select(s => s.Id).ToHashSet();

        foreach (var (name, filter, _) in Cases())
        {
            var selected = (await WalkAsync(Tenant, filter, [], 1000)).ToHashSet();
            var others = (await WalkAsync(Tenant, Not(filter), [], 1000)).ToHashSet();
            Assert.True(!selected.Overlaps(others) && all.SetEquals(selected.Union(others)), name);
        }
    }

    public static IEnumerable<object[]> Orders() =>
    [
        ["default", Array.Empty<ItemSort>()],
        ["createdDate asc", new[] { Asc(ItemField.CreatedDate) }],
        ["createdDate desc", new[] { Desc(ItemField.CreatedDate) }],
        ["updatedDate desc", new[] { Desc(ItemField.UpdatedDate) }],
        ["quantity asc (missing last)", new[] { Asc(ItemField.Quantity) }],
        ["quantity desc (missing first)", new[] { Desc(ItemField.Quantity) }],
        ["productId asc (null last)", new[] { Asc(ItemField.ProductId) }],
        ["productId desc (null first)", new[] { Desc(ItemField.ProductId) }],
        ["inStock asc", new[] { Asc(ItemField.InStock) }],
        ["availabilityStatus asc, quantity desc", new[] { Asc(ItemField.AvailabilityStatus), Desc(ItemField.Quantity) }],
        ["productId desc, trackQuantity asc, createdDate asc", new[] { Desc(ItemField.ProductId), Asc(ItemField.TrackQuantity), Asc(ItemField.CreatedDate) }],
        ["preorder asc, updatedDate asc", new[] { Asc(ItemField.PreorderEnabled), Asc(ItemField.UpdatedDate) }],
        ["incoming desc, damaged asc (missing first, then last)", new[] { Desc(ItemField.Incoming), Asc(ItemField.Damaged) }],
        ["onHand asc", new[] { Asc(ItemField.OnHand) }],
    ];

    [Theory]
    [MemberData(nameof(Orders))]
    public async Task Every_order_with_ties_and_missing_values_is_the_models_and_pages_walk_it_exactly(string name, ItemSort[] sort)
    {
        var states = await SeedAsync(Tenant);
        var effective = sort.Length == 0 ? ItemQuery.DefaultSort : sort;
        var want = ModelOrder(states, effective);

        Assert.Equal(want, await WalkAsync(Tenant, null, sort, 1000));
        foreach (var limit in new[] { 1, 3, 7, 48 })
        {
            Assert.True(want.SequenceEqual(await WalkAsync(Tenant, null, sort, limit)), $"{name}, limit {limit}");
        }

        var filter = Condition(ItemField.ProductId, FilterOperator.Ne, V("p-B"));
        Assert.Equal(ModelOrder(states.Where(s => s.ProductId != "p-B"), effective), await WalkAsync(Tenant, filter, sort, 4));
    }

    [Fact]
    public async Task A_page_holds_the_limit_and_only_a_page_with_items_after_it_has_a_next_position()
    {
        await SeedAsync(Tenant, count: 12);

        var first = await Queries.QueryAsync(Tenant, new ItemQuery(null, [], 5));
        var second = await Queries.QueryAsync(Tenant, new ItemQuery(null, [], 5, first.Next));
        var third = await Queries.QueryAsync(Tenant, new ItemQuery(null, [], 5, second.Next));
        var exact = await Queries.QueryAsync(Tenant, new ItemQuery(null, [], 12));
        var all = await Queries.QueryAsync(Tenant, new ItemQuery(null, [], 1000));

        Assert.Equal((5, 5, 2), (first.Items.Count, second.Items.Count, third.Items.Count));
        Assert.NotNull(first.Next);
        Assert.Null(third.Next);
        Assert.Equal(12, exact.Items.Count);
        Assert.Null(exact.Next);
        Assert.Null(all.Next);

        // The next position is the last item's place: its keys and its id.
        var last = first.Items[^1];
        Assert.Equal(last.Id, first.Next!.Id);
        Assert.Equal(ItemValue.Of(last.CreatedDate), first.Next.Keys.Single());
    }

    [Fact]
    public async Task Items_come_back_as_stored_and_an_untracked_items_stale_quantity_is_never_seen()
    {
        var states = await SeedAsync(Tenant, count: 8);

        var page = await Queries.QueryAsync(Tenant, new ItemQuery(null, [], 100));

        foreach (var item in page.Items)
        {
            var state = states.Single(s => s.Id == item.Id);
            Assert.Equal(state.ToItem() with { Identifiers = item.Identifiers }, item);
        }

        var untracked = states.First(s => !s.TrackQuantity);
        var byStaleQuantity = Condition(ItemField.Quantity, FilterOperator.Eq, V(untracked.Quantity));
        Assert.DoesNotContain(untracked.Id, await WalkAsync(Tenant, byStaleQuantity, [], 100));
    }

    [Fact]
    public async Task A_tenant_never_sees_another_tenants_items_even_with_the_same_ids()
    {
        var mine = await SeedAsync(Tenant, count: 20, seed: 1);
        var other = $"other-{Guid.NewGuid():N}";
        var theirs = await SeedAsync(other, count: 30, seed: 2);

        var page = await Queries.QueryAsync(Tenant, new ItemQuery(null, [], 1000));

        Assert.Equal(ModelOrder(mine, ItemQuery.DefaultSort), page.Items.Select(i => i.Id));
        Assert.All(page.Items, item => Assert.Equal(mine.Single(s => s.Id == item.Id).Quantity, item.Quantity));
        Assert.Equal(20, await Queries.CountAsync(Tenant, null));
        Assert.Equal(30, await Queries.CountAsync(other, null));
        Assert.Empty((await Queries.QueryAsync($"nobody-{Guid.NewGuid():N}", new ItemQuery(null, [], 10))).Items);
        Assert.Equal(0, await Queries.CountAsync($"nobody-{Guid.NewGuid():N}", null));

        // A position taken from another tenant's walk still reads this tenant's items only.
        var theirFirst = await Queries.QueryAsync(other, new ItemQuery(null, [], 3));
        var continued = await Queries.QueryAsync(Tenant, new ItemQuery(null, [], 1000, theirFirst.Next));
        Assert.All(continued.Items, item => Assert.Equal(mine.Single(s => s.Id == item.Id).Quantity, item.Quantity));
        Assert.Equal(theirs.Count, (await WalkAsync(other, null, [], 7)).Count);
    }

    [Fact]
    public async Task The_count_of_a_filter_is_the_length_of_its_walk()
    {
        await SeedAsync(Tenant);

        foreach (var (name, filter, _) in Cases().Take(20))
        {
            Assert.True(await Queries.CountAsync(Tenant, filter) == (await WalkAsync(Tenant, filter, [Asc(ItemField.Quantity)], 6)).Count, name);
        }

        Assert.Equal(48, await Queries.CountAsync(Tenant, null));
    }

    public static IEnumerable<object[]> WalkOrders() =>
    [
        ["default", Array.Empty<ItemSort>()],
        ["createdDate asc", new[] { Asc(ItemField.CreatedDate) }],
        ["quantity asc", new[] { Asc(ItemField.Quantity) }],
        ["updatedDate desc", new[] { Desc(ItemField.UpdatedDate) }],
        ["availabilityStatus asc, quantity desc", new[] { Asc(ItemField.AvailabilityStatus), Desc(ItemField.Quantity) }],
        ["productId desc", new[] { Desc(ItemField.ProductId) }],
    ];

    /// <summary>
    /// Between pages, items are created and existing ones change their quantity, tracking and
    /// update time. Under the default order (keys that never change) every item that existed at the
    /// start is seen exactly once; under any order every item whose keys did not change is seen
    /// exactly once and in order.
    /// </summary>
    [Theory]
    [MemberData(nameof(WalkOrders))]
    public async Task A_walk_while_items_are_created_and_changed_sees_each_unchanged_item_exactly_once(string name, ItemSort[] sort)
    {
        var states = await SeedAsync(Tenant);
        var effective = sort.Length == 0 ? ItemQuery.DefaultSort : sort;
        var random = new Random(name.Length);
        var changedKeys = new HashSet<string>();
        var seen = new List<string>();
        ItemPosition? after = null;
        var created = 0;
        do
        {
            var page = await Queries.QueryAsync(Tenant, new ItemQuery(null, sort, 5, after));
            seen.AddRange(page.Items.Select(i => i.Id));
            after = page.Next;

            for (var n = 0; n < 2; n++)
            {
                var fresh = new InventoryItemState
                {
                    Exists = true,
                    Id = $"new-{created:000}",
                    Revision = 1,
                    TrackQuantity = true,
                    Quantity = created % 9,
                    VariantId = "v-new",
                    CreatedDate = T0.AddHours(1).AddSeconds(created),
                    UpdatedDate = T0.AddHours(1).AddSeconds(created),
                };
                created++;
                states.Add(fresh);
                await PutAsync(Tenant, fresh);

                var changed = states[random.Next(48)];
                changed.Revision++;
                changed.Quantity += random.Next(1, 6);
                changed.TrackQuantity = !changed.TrackQuantity || random.Next(3) > 0;
                changed.UpdatedDate = changed.UpdatedDate.AddMinutes(random.Next(-20, 20));
                await PutAsync(Tenant, changed);
                if (effective.Any(key => key.Field is ItemField.Quantity or ItemField.UpdatedDate or ItemField.AvailabilityStatus or ItemField.InStock or ItemField.TrackQuantity))
                {
                    changedKeys.Add(changed.Id);
                }
            }
        }
        while (after is not null);

        var counts = seen.GroupBy(id => id).ToDictionary(g => g.Key, g => g.Count());
        var original = states.Take(48).ToList();
        var unchanged = original.Where(s => !changedKeys.Contains(s.Id)).ToList();
        Assert.All(unchanged, s => Assert.True(counts.GetValueOrDefault(s.Id) == 1, $"{name}: {s.Id} seen {counts.GetValueOrDefault(s.Id)} times"));
        if (changedKeys.Count == 0)
        {
            Assert.All(original, s => Assert.Equal(1, counts.GetValueOrDefault(s.Id)));
            Assert.All(counts, pair => Assert.Equal(1, pair.Value));
        }

        // The unchanged items come in the order their (unchanged) keys give.
        var unchangedIds = unchanged.Select(s => s.Id).ToHashSet();
        Assert.Equal(ModelOrder(unchanged, effective), seen.Where(unchangedIds.Contains));
    }

    [Fact]
    public async Task Value_aggregations_count_by_value_in_either_order_with_or_without_missing_values()
    {
        var states = await SeedAsync(Tenant);
        var filter = Condition(ItemField.LocationId, FilterOperator.Ne, V("loc-2"));
        var selected = states.Where(s => s.LocationId != "loc-2").ToList();

        var results = await Queries.AggregateAsync(Tenant, filter,
        [
            new ValueAggregation(ItemField.ProductId, 3, ValueOrder.Count, SortDirection.Descending, null),
            new ValueAggregation(ItemField.ProductId, 250, ValueOrder.Value, SortDirection.Ascending, null),
            new ValueAggregation(ItemField.ProductId, 250, ValueOrder.Value, SortDirection.Descending, V("p-A")),
            new ValueAggregation(ItemField.Quantity, 250, ValueOrder.Count, SortDirection.Ascending, V(0)),
            new ValueAggregation(ItemField.AvailabilityStatus, 10, ValueOrder.Count, SortDirection.Descending, null),
            new ValueAggregation(ItemField.CreatedDate, 2, ValueOrder.Value, SortDirection.Descending, null),
            new ValueAggregation(ItemField.InStock, 10, ValueOrder.Value, SortDirection.Ascending, V(false)),
        ]);

        List<(object Value, long Count)> Expected(ItemField field, object? missing, ValueOrder order, SortDirection direction, int limit)
        {
            var groups = selected.Select(s => Model(s, field) ?? missing).OfType<object>()
                .GroupBy(v => v).Select(g => (Value: g.Key, Count: (long)g.Count())).ToList();
            groups.Sort((x, y) =>
            {
                var byValue = CompareModel(x.Value, y.Value);
                if (order == ValueOrder.Value)
                {
                    return direction == SortDirection.Descending ? -byValue : byValue;
                }

                var byCount = direction == SortDirection.Descending ? y.Count.CompareTo(x.Count) : x.Count.CompareTo(y.Count);
                return byCount != 0 ? byCount : byValue;
            });
            return [.. groups.Take(limit)];
        }

        static List<(object Value, long Count)> Got(AggregationResult result) =>
            [.. ((ValueAggregationResult)result).Values.Select(v => (v.Value.Type switch
            {
                ItemValueType.Text => (object)v.Value.Text!,
                ItemValueType.Boolean => v.Value.Boolean,
                ItemValueType.Number => (int)v.Value.Number,
                _ => v.Value.Timestamp.UtcTicks / 10,
            }, v.Count))];

        Assert.Equal(Expected(ItemField.ProductId, null, ValueOrder.Count, SortDirection.Descending, 3), Got(results[0]));
        Assert.Equal(Expected(ItemField.ProductId, null, ValueOrder.Value, SortDirection.Ascending, 250), Got(results[1]));
        Assert.Equal(Expected(ItemField.ProductId, "p-A", ValueOrder.Value, SortDirection.Descending, 250), Got(results[2]));
        Assert.Equal(Expected(ItemField.Quantity, 0, ValueOrder.Count, SortDirection.Ascending, 250), Got(results[3]));
        Assert.Equal(Expected(ItemField.AvailabilityStatus, null, ValueOrder.Count, SortDirection.Descending, 10), Got(results[4]));
        Assert.Equal(Expected(ItemField.CreatedDate, null, ValueOrder.Value, SortDirection.Descending, 2), Got(results[5]));
        Assert.Equal(Expected(ItemField.InStock, false, ValueOrder.Value, SortDirection.Ascending, 10), Got(results[6]));
        Assert.Equal(selected.Count, Got(results[3]).Sum(v => v.Count));
    }

    [Fact]
    public async Task Range_and_scalar_aggregations_summarise_the_present_values()
    {
        var states = await SeedAsync(Tenant);
        var quantities = states.Where(s => s.TrackQuantity).Select(s => (long)s.Quantity).ToList();

        var results = await Queries.AggregateAsync(Tenant, null,
        [
            new RangeAggregation(ItemField.Quantity, [new(null, 0), new(0, 5), new(2.5, 8), new(5, null), new(100, 200)]),
            new ScalarAggregation(ItemField.Quantity, ScalarKind.Min),
            new ScalarAggregation(ItemField.Quantity, ScalarKind.Max),
            new ScalarAggregation(ItemField.Quantity, ScalarKind.Sum),
            new ScalarAggregation(ItemField.Quantity, ScalarKind.Avg),
            new ScalarAggregation(ItemField.Quantity, ScalarKind.CountDistinct),
            new ScalarAggregation(ItemField.ProductId, ScalarKind.CountDistinct),
            new ScalarAggregation(ItemField.CreatedDate, ScalarKind.CountDistinct),
        ]);

        // Each value counts in the first bucket it falls in: [2.5, 8) only gets 5..7 once [0, 5) took 2..4.
        Assert.Equal(
            [quantities.Count(q => q < 0), quantities.Count(q => q is >= 0 and < 5), quantities.Count(q => q is >= 5 and < 8), quantities.Count(q => q >= 8), 0L],
            ((RangeAggregationResult)results[0]).Counts);
        Assert.Equal(quantities.Min(), ((ScalarAggregationResult)results[1]).Value);
        Assert.Equal(quantities.Max(), ((ScalarAggregationResult)results[2]).Value);
        Assert.Equal(quantities.Sum(), ((ScalarAggregationResult)results[3]).Value);
        Assert.Equal((double)quantities.Sum() / quantities.Count, ((ScalarAggregationResult)results[4]).Value);
        Assert.Equal(quantities.Distinct().Count(), ((ScalarAggregationResult)results[5]).Value);
        Assert.Equal(states.Select(s => s.ProductId).OfType<string>().Distinct().Count(), ((ScalarAggregationResult)results[6]).Value);
        Assert.Equal(states.Select(s => s.CreatedDate.UtcTicks / 10).Distinct().Count(), ((ScalarAggregationResult)results[7]).Value);

        var none = Condition(ItemField.VariantId, FilterOperator.Eq, V("no such variant"));
        var empty = await Queries.AggregateAsync(Tenant, none,
        [
            new ScalarAggregation(ItemField.Quantity, ScalarKind.Min),
            new ScalarAggregation(ItemField.Quantity, ScalarKind.Avg),
            new ScalarAggregation(ItemField.Quantity, ScalarKind.Sum),
            new ScalarAggregation(ItemField.Id, ScalarKind.CountDistinct),
            new RangeAggregation(ItemField.Quantity, [new(0, null)]),
            new ValueAggregation(ItemField.Id, 10, ValueOrder.Count, SortDirection.Descending, null),
        ]);
        Assert.Equal([null, null, 0, 0], empty.Take(4).Select(r => ((ScalarAggregationResult)r).Value));
        Assert.Equal([0L], ((RangeAggregationResult)empty[4]).Counts);
        Assert.Empty(((ValueAggregationResult)empty[5]).Values);
    }

    [Fact]
    public async Task A_query_that_is_not_well_formed_is_refused()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => Queries.QueryAsync(Tenant, new ItemQuery(null, [], 0)));
        await Assert.ThrowsAsync<ArgumentException>(() => Queries.QueryAsync(Tenant, new ItemQuery(null, [], 1001)));
        await Assert.ThrowsAsync<ArgumentException>(() => Queries.QueryAsync(Tenant, new ItemQuery(null, [Asc(ItemField.Id)], 10)));
        await Assert.ThrowsAsync<ArgumentException>(() => Queries.QueryAsync(Tenant, new ItemQuery(null, [], 10, new ItemPosition([V(1), V(2)], "x"))));
        await Assert.ThrowsAsync<ArgumentException>(() => Queries.QueryAsync(Tenant, new ItemQuery(null, [], 10, new ItemPosition([V("not a date")], "x"))));
        await Assert.ThrowsAsync<ArgumentException>(() => Queries.QueryAsync(Tenant, new ItemQuery(null, [], 10, new ItemPosition([null], "x"))));
        await Assert.ThrowsAsync<ArgumentException>(() => Queries.CountAsync(Tenant, Condition(ItemField.Quantity, FilterOperator.Gt, V("five"))));
        await Assert.ThrowsAsync<ArgumentException>(() => Queries.CountAsync(Tenant, Condition(ItemField.Quantity, FilterOperator.StartsWith, V(5))));
        await Assert.ThrowsAsync<ArgumentException>(() => Queries.CountAsync(Tenant, Condition(ItemField.Quantity, FilterOperator.Gt, (ItemValue?)null)));
        await Assert.ThrowsAsync<ArgumentException>(() => Queries.CountAsync(Tenant, Condition(ItemField.Id, FilterOperator.Eq, V("nul\0"))));
        await Assert.ThrowsAsync<ArgumentException>(() => Queries.AggregateAsync(Tenant, null, [new RangeAggregation(ItemField.ProductId, [new(0, 1)])]));
    }

    [Fact]
    public async Task A_position_after_the_last_item_or_with_a_missing_key_continues_in_order()
    {
        var states = await SeedAsync(Tenant);
        var sort = new[] { Asc(ItemField.ProductId) };
        var order = ModelOrder(states, sort);
        var withoutProduct = states.Where(s => s.ProductId is null).Select(s => s.Id).ToList();

        // After the first item that lacks a product (they sort last), only the others lacking one follow, by id.
        var firstMissing = order.First(withoutProduct.Contains);
        var rest = await Queries.QueryAsync(Tenant, new ItemQuery(null, sort, 1000, new ItemPosition([null], firstMissing)));
        Assert.Equal(order.SkipWhile(id => id != firstMissing).Skip(1), rest.Items.Select(i => i.Id));

        var beyond = await Queries.QueryAsync(Tenant, new ItemQuery(null, [], 10, new ItemPosition([V(T0.AddYears(-1))], "\uFFFF")));
        Assert.Empty(beyond.Items);
        Assert.Null(beyond.Next);
    }
}
