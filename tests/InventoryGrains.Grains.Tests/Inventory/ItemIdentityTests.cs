using InventoryGrains.Testing;
using InventoryGrains.Abstractions.Identifiers;
using InventoryGrains.Abstractions.Inventory;
using InventoryGrains.Domain.Items;
using InventoryGrains.Domain.Identifiers;

namespace InventoryGrains.Grains.Tests.Inventory;

/// <summary>An item is one variant at one location of one tenant: unique, fixed, and freed by deletion.</summary>
public sealed class ItemIdentityTests(InventoryClusterFixture fixture) : IClassFixture<InventoryClusterFixture>
{
    private static readonly ChangeContext Manual = new(ChangeReason.Manual, "test");
    private readonly string _tenant = $"shop-{Guid.NewGuid():N}";

    private IBulkCoordinatorGrain Coordinator => fixture.Grains.GetGrain<IBulkCoordinatorGrain>(0);

    private IInventoryItemGrain Item(string id, string? tenant = null) =>
        fixture.Grains.GetGrain<IInventoryItemGrain>(InventoryItemKey.Format(tenant ?? _tenant, id));

    private static CreateInventoryItem Create(string variant, string? location = null) => new() { VariantId = variant, LocationId = location, Quantity = 5 };

    [Fact]
    public async Task A_second_item_of_one_variant_at_one_location_is_refused_at_another_location_or_tenant_it_is_not()
    {
        var variant = Guid.NewGuid().ToString();
        var first = await Item("a").ExecuteAsync(Create(variant), Manual);
        var sameSpot = await Item("b").ExecuteAsync(Create(variant, "default"), Manual);
        var otherLocation = await Item("c").ExecuteAsync(Create(variant, "warehouse-2"), Manual);
        var otherTenant = await Item("a", "other-" + _tenant).ExecuteAsync(Create(variant), Manual);

        Assert.IsType<ItemApplied>(first);
        Assert.Equal(InventoryErrorCode.ItemAlreadyExists, sameSpot.Rejected().Code);
        Assert.Contains("'a'", sameSpot.Rejected().Error.Description, StringComparison.Ordinal);
        Assert.Null(await Item("b").GetAsync());
        Assert.IsType<ItemApplied>(otherLocation);
        Assert.IsType<ItemApplied>(otherTenant);
    }

    [Fact]
    public async Task Of_20_concurrent_creations_of_one_variant_at_one_location_exactly_one_succeeds()
    {
        var variant = Guid.NewGuid().ToString();
        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => Item($"racer-{i}").ExecuteAsync(Create(variant), Manual)));

        Assert.Single(results, r => (r is ItemApplied));
        Assert.All(results.Where(r => !(r is ItemApplied)), r => Assert.Equal(InventoryErrorCode.ItemAlreadyExists, r.Rejected().Code));
        var winner = results.Single(r => (r is ItemApplied)).ItemId;
        Assert.Equal(winner, await Index(variant).ResolveAsync("default"));
    }

    [Fact]
    public async Task Creating_an_existing_id_again_is_item_already_exists()
    {
        Assert.IsType<ItemApplied>(await Item("same").ExecuteAsync(Create(Guid.NewGuid().ToString()), Manual));
        var again = await Item("same").ExecuteAsync(Create(Guid.NewGuid().ToString()), Manual);
        Assert.Equal(InventoryErrorCode.ItemAlreadyExists, again.Rejected().Code);
    }

    [Fact]
    public async Task The_variant_and_location_of_an_item_cannot_be_changed_but_may_be_repeated()
    {
        var variant = Guid.NewGuid().ToString();
        Assert.IsType<ItemApplied>(await Item("fixed").ExecuteAsync(Create(variant), Manual));

        var otherVariant = await Item("fixed").ExecuteAsync(new UpdateInventoryItem { ExpectedRevision = 1, VariantId = "another" }, Manual);
        var otherLocation = await Item("fixed").ExecuteAsync(new UpdateInventoryItem { ExpectedRevision = 1, LocationId = "elsewhere" }, Manual);
        var repeated = await Item("fixed").ExecuteAsync(new UpdateInventoryItem { ExpectedRevision = 1, VariantId = variant, LocationId = "default", Quantity = 9 }, Manual);

        Assert.Equal(InventoryErrorCode.InvalidArgument, otherVariant.Rejected().Code);
        Assert.Equal(InventoryErrorCode.InvalidArgument, otherLocation.Rejected().Code);
        Assert.IsType<ItemApplied>(repeated);
        Assert.Equal(9, repeated.AppliedItem().Quantity);
    }

    [Fact]
    public async Task A_deleted_item_is_gone_its_deletion_is_a_change_and_its_variant_is_free_but_its_id_is_not()
    {
        var variant = Guid.NewGuid().ToString();
        Assert.IsType<ItemApplied>(await Item("old").ExecuteAsync(Create(variant), Manual));

        var stale = await Item("old").ExecuteAsync(new DeleteInventoryItem(ExpectedRevision: 7), Manual);
        var deleted = await Item("old").ExecuteAsync(new DeleteInventoryItem(), Manual);

        Assert.Equal(InventoryErrorCode.RevisionMismatch, stale.Rejected().Code);
        Assert.IsType<ItemApplied>(deleted);
        Assert.Equal(2, deleted.Applied().Revision);
        Assert.Null(await Item("old").GetAsync());
        Assert.Equal(InventoryErrorCode.InventoryItemNotFound, (await Item("old").ExecuteAsync(new IncrementInventory(1), Manual)).Rejected().Code);
        Assert.Equal(InventoryErrorCode.InventoryItemNotFound, (await Item("old").ExecuteAsync(new DeleteInventoryItem(), Manual)).Rejected().Code);
        Assert.Equal(InventoryErrorCode.ItemAlreadyExists, (await Item("old").ExecuteAsync(Create(Guid.NewGuid().ToString()), Manual)).Rejected().Code);

        var successor = await Item("new").ExecuteAsync(Create(variant), Manual);
        Assert.True((successor is ItemApplied), (successor as ItemRejected)?.Error.Description);
        Assert.Equal("new", await Index(variant).ResolveAsync("default"));
    }

    [Fact]
    public async Task A_repeated_deletion_with_its_operation_id_is_answered_as_applied()
    {
        Assert.IsType<ItemApplied>(await Item("once").ExecuteAsync(Create(Guid.NewGuid().ToString()), Manual));
        var context = Manual with { OperationId = $"{_tenant}:key:0" };

        var first = await Item("once").ExecuteAsync(new DeleteInventoryItem(), context);
        var repeat = await Item("once").ExecuteAsync(new DeleteInventoryItem(), context);

        Assert.IsType<ItemApplied>(first);
        Assert.IsType<ItemApplied>(repeat);
        Assert.True(repeat.Applied().Replayed);
        Assert.Equal(first.Applied().Revision, repeat.Applied().Revision);
    }

    [Fact]
    public async Task Items_named_by_variant_and_location_are_changed_upserted_and_missing_ones_are_not_found()
    {
        var variant = Guid.NewGuid().ToString();
        IdentifiedCommand ByVariant(IdentifiedMode mode, InventoryCommand change, string location = "default") =>
            new(location, [new ItemIdentifier(IdentifierKind.Variant, variant)], mode, Create(variant, location), change);

        var missing = await Coordinator.ExecuteByIdentifierAsync(_tenant, [ByVariant(IdentifiedMode.Change, new IncrementInventory(1))], Manual);
        var upserted = await Coordinator.ExecuteByIdentifierAsync(_tenant, [
            ByVariant(IdentifiedMode.Upsert, new UpdateInventoryItem { ExpectedRevision = null, Quantity = 40 }),
            ByVariant(IdentifiedMode.Upsert, new UpdateInventoryItem { ExpectedRevision = null, Quantity = 41 }),
            ByVariant(IdentifiedMode.Change, new DecrementInventory(1, false, true)),
        ], Manual);

        Assert.Equal(InventoryErrorCode.InventoryItemNotFound, missing[0].Rejected().Code);
        Assert.All(upserted, r => Assert.True((r is ItemApplied), (r as ItemRejected)?.Error.Description));
        Assert.Equal(5, upserted[0].AppliedItem().Quantity);
        Assert.Equal(41, upserted[1].AppliedItem().Quantity);
        Assert.Equal(40, upserted[2].AppliedItem().Quantity);
        Assert.Single(upserted.Select(r => r.ItemId).Distinct());
        Assert.Empty((await Item(upserted[0].ItemId).GetAsync())!.Identifiers);
    }

    private IIdentifierIndexGrain Index(string variant) => fixture.Grains.GetGrain<IIdentifierIndexGrain>(VariantIndexKey.Format(_tenant, variant));
}
