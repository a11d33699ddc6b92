using InventoryGrains.Testing;
using InventoryGrains.Abstractions;
using InventoryGrains.Abstractions.Identifiers;
using InventoryGrains.Abstractions.Inventory;
using InventoryGrains.Grains.Tests.Inventory;
using InventoryGrains.Domain.Items;
using InventoryGrains.Domain.Identifiers;

namespace InventoryGrains.Grains.Tests.Identifiers;

public sealed class IdentifiedCommandTests(InventoryClusterFixture fixture) : IClassFixture<InventoryClusterFixture>
{
    private static readonly ChangeContext Context = new(ChangeReason.Sync, "test");
    private readonly string _tenant = $"tenant-{Guid.NewGuid():N}";

    private static ItemIdentifier Sku(string value) => new(IdentifierKind.Sku, value);

    private static IdentifiedCommand Create(string location, params ItemIdentifier[] identifiers) =>
        new(location, identifiers, IdentifiedMode.Create, new CreateInventoryItem { VariantId = Guid.NewGuid().ToString(), Quantity = 1 }, null);

    private static IdentifiedCommand Set(int quantity, params ItemIdentifier[] identifiers) =>
        new("default", identifiers, IdentifiedMode.Change, null, new SyncInventory { Quantity = quantity });

    private async Task<ItemOutcome[]> RunAsync(params IdentifiedCommand[] commands) =>
        [.. await fixture.Grains.GetGrain<IBulkCoordinatorGrain>(0).ExecuteByIdentifierAsync(_tenant, commands, Context)];

    private async Task<string?> ResolveAsync(ItemIdentifier identifier, string location = "default")
    {
        Assert.True(ProductIdentifier.TryNormalize(identifier, out var key, out _));
        return await fixture.Grains.GetGrain<IIdentifierIndexGrain>(TenantKey.Format(_tenant, key)).ResolveAsync(location);
    }

    [Fact]
    public async Task The_same_sku_is_updated_through_each_identifier_kind()
    {
        var created = (await RunAsync(Create("default", Sku("shirt-red"), new ItemIdentifier(IdentifierKind.Upca, "012345678905"))))[0];
        var id = created.AppliedItem().Id;

        var results = await RunAsync(
            Set(10, Sku("shirt-red")),
            Set(11, new ItemIdentifier(IdentifierKind.Upca, "012345678905")),
            Set(12, new ItemIdentifier(IdentifierKind.Ean13, "0012345678905")),
            Set(13, new ItemIdentifier(IdentifierKind.Gtin14, "00012345678905")),
            Set(14, Sku("shirt-red"), new ItemIdentifier(IdentifierKind.Ean13, "0012345678905")));

        Assert.All(results, r => Assert.Equal(id, r.AppliedItem().Id));
        Assert.Equal([2L, 3L, 4L, 5L, 6L], results.Select(r => r.AppliedItem().Revision));
        Assert.Equal(14, results[^1].AppliedItem().Quantity);
    }

    [Fact]
    public async Task A_book_registered_by_isbn10_is_found_by_its_isbn13_and_gtin14()
    {
        var id = (await RunAsync(Create("default", new ItemIdentifier(IdentifierKind.Isbn, "0-306-40615-2"))))[0].AppliedItem().Id;

        var results = await RunAsync(
            Set(3, new ItemIdentifier(IdentifierKind.Isbn, "9780306406157")),
            Set(4, new ItemIdentifier(IdentifierKind.Gtin14, "09780306406157")));

        Assert.All(results, r => Assert.Equal(id, r.AppliedItem().Id));
    }

    [Fact]
    public async Task Identifiers_are_unique_per_location_and_tenant()
    {
        var first = (await RunAsync(Create("store-1", Sku("mug"))))[0];
        var again = (await RunAsync(Create("store-1", Sku("mug"))))[0];
        var elsewhere = (await RunAsync(Create("store-2", Sku("mug"))))[0];
        var otherTenant = await fixture.Grains.GetGrain<IBulkCoordinatorGrain>(0)
            .ExecuteByIdentifierAsync($"{_tenant}-other", [Create("store-1", Sku("mug"))], Context);

        Assert.IsType<ItemApplied>(first);
        Assert.Equal(InventoryErrorCode.DuplicateIdentifier, again.Rejected().Code);
        Assert.IsType<ItemApplied>(elsewhere);
        Assert.NotEqual(first.AppliedItem().Id, elsewhere.AppliedItem().Id);
        Assert.IsType<ItemApplied>(otherTenant[0]);
    }

    [Fact]
    public async Task A_taken_identifier_fails_the_create_and_releases_the_ones_claimed_before_it()
    {
        var holder = (await RunAsync(Create("default", Sku("taken"))))[0].AppliedItem().Id;

        var refused = (await RunAsync(Create("default", Sku("fresh"), Sku("taken"))))[0];

        Assert.Equal(InventoryErrorCode.DuplicateIdentifier, refused.Rejected().Code);
        Assert.Null(await ResolveAsync(Sku("fresh")));
        Assert.Equal(holder, await ResolveAsync(Sku("taken")));
        Assert.True((await RunAsync(Create("default", Sku("fresh"))))[0] is ItemApplied);
    }

    [Fact]
    public async Task A_claim_that_cannot_be_stored_fails_the_create_and_releases_the_claims_made_before_it()
    {
        fixture.Storage.FailWritesFor = id => id.Key.ToString()!.EndsWith("sku:unstorable", StringComparison.Ordinal);
        ItemOutcome failed;
        try
        {
            failed = (await RunAsync(Create("default", Sku("first-claimed"), Sku("unstorable"))))[0];
        }
        finally
        {
            fixture.Storage.FailWritesFor = null;
        }

        Assert.Equal(InventoryErrorCode.Unavailable, failed.Rejected().Code);
        Assert.Null(await ResolveAsync(Sku("first-claimed")));
        Assert.Null(await ResolveAsync(Sku("unstorable")));
        Assert.True((await RunAsync(Create("default", Sku("first-claimed"), Sku("unstorable"))))[0] is ItemApplied);
    }

    [Fact]
    public async Task A_create_the_item_refuses_leaves_no_index_entry()
    {
        var invalid = new IdentifiedCommand("default", [Sku("no-variant")], IdentifiedMode.Create, new CreateInventoryItem { Quantity = 1 }, null);

        var refused = (await RunAsync(invalid))[0];

        Assert.Equal(InventoryErrorCode.InvalidArgument, refused.Rejected().Code);
        Assert.Null(await ResolveAsync(Sku("no-variant")));
        Assert.True((await RunAsync(Create("default", Sku("no-variant"))))[0] is ItemApplied);
    }

    [Fact]
    public async Task Identifiers_naming_different_items_are_refused_and_unknown_ones_are_not_found()
    {
        await RunAsync(Create("default", Sku("left")), Create("default", Sku("right")));

        var results = await RunAsync(Set(1, Sku("left"), Sku("right")), Set(1, Sku("nobody")), Set(1, Sku("left"), Sku("nobody")));

        Assert.Equal(InventoryErrorCode.InvalidArgument, results[0].Rejected().Code);
        Assert.Equal(InventoryErrorCode.InventoryItemNotFound, results[1].Rejected().Code);
        Assert.Equal(InventoryErrorCode.InvalidArgument, results[2].Rejected().Code);
    }

    [Fact]
    public async Task Upserts_of_one_new_identifier_in_one_bulk_create_once_then_update_in_order()
    {
        var upsert = (int quantity) => new IdentifiedCommand("store-9", [Sku("new-one")], IdentifiedMode.Upsert,
            new CreateInventoryItem { VariantId = Guid.NewGuid().ToString(), Quantity = quantity }, new SyncInventory { Quantity = quantity });

        var results = await RunAsync(upsert(1), upsert(2), upsert(3));

        Assert.Equal([1L, 2L, 3L], results.Select(r => r.AppliedItem().Revision));
        Assert.Single(results.Select(r => r.AppliedItem().Id).Distinct());
        Assert.Equal(3, results[^1].AppliedItem().Quantity);
    }

    [Fact]
    public async Task An_invalid_identifier_fails_its_entry_only()
    {
        var results = await RunAsync(Set(1, new ItemIdentifier(IdentifierKind.Upca, "012345678906")), Create("default", Sku("fine")));

        Assert.Equal(InventoryErrorCode.InvalidArgument, results[0].Rejected().Code);
        Assert.IsType<ItemApplied>(results[1]);
    }
}
