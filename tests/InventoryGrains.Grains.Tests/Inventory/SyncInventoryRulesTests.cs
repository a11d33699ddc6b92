using InventoryGrains.Abstractions.Inventory;
using InventoryGrains.Grains.Inventory;
using InventoryGrains.Storage.Items;
using InventoryGrains.Domain.Items;

namespace InventoryGrains.Grains.Tests.Inventory;

public sealed class SyncInventoryRulesTests
{
    private static readonly ChangeContext Sync = new(ChangeReason.Sync, "test");
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Monday = new(2021, 1, 4, 0, 0, 0, TimeSpan.Zero);

    private static InventoryItemState Item() =>
        InventoryItemRules.Apply(new InventoryItemState(), "item-1",
            new CreateInventoryItem { VariantId = "v1", ProductId = "prd-1", Quantity = 10, EffectiveAt = Monday, Restriction = InventoryRestriction.Discontinued },
            Sync, Now).Next!;

    private static RuleOutcome Apply(InventoryItemState state, SyncInventory sync) => InventoryItemRules.Apply(state, "item-1", sync, Sync, Now);

    [Fact]
    public void A_newer_record_sets_the_quantity_and_its_time_and_counts_as_a_change()
    {
        var outcome = Apply(Item(), new SyncInventory { Quantity = 4, EffectiveAt = Monday.AddHours(1), ExpectedProductId = "prd-1" });
        var next = outcome.Next!;

        Assert.Equal(4, next.Quantity);
        Assert.Equal(Monday.AddHours(1), next.LastEffectiveAt);
        Assert.Equal(2, next.Revision);
        Assert.Equal((ChangeReason.Sync, 2L), (Assert.Single(outcome.Changes).Reason, outcome.Changes[0].Revision));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void A_record_as_old_or_older_than_the_last_applied_is_stale_and_changes_nothing(int hours)
    {
        var outcome = Apply(Item(), new SyncInventory { Quantity = 4, EffectiveAt = Monday.AddHours(hours) });

        Assert.Null(outcome.Next);
        Assert.Equal(InventoryErrorCode.StaleEffectiveTime, outcome.Error!.Code);
        Assert.Contains("2021-01-04T00:00:00", outcome.Error.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void A_record_for_another_product_is_refused()
    {
        var outcome = Apply(Item(), new SyncInventory { Quantity = 4, EffectiveAt = Monday.AddDays(1), ExpectedProductId = "prd-2" });

        Assert.Equal(InventoryErrorCode.ProductMismatch, outcome.Error!.Code);
    }

    [Fact]
    public void The_quantity_rule_applies_to_a_sync_too()
    {
        var item = Item();
        item.Quantity = -3;

        Assert.Equal(InventoryErrorCode.RequestedQuantityMustBeNonNegativeDecreasing, Apply(item, new SyncInventory { Quantity = -4 }).Error!.Code);
    }

    [Fact]
    public void Restrictions_are_cleared_only_when_asked_and_backorders_cannot_be_negative()
    {
        var kept = Apply(Item(), new SyncInventory { QuantityOnBackorder = 2 }).Next!;
        var cleared = Apply(Item(), new SyncInventory { SetRestriction = true, Restriction = null }).Next!;

        Assert.Equal(InventoryRestriction.Discontinued, kept.Restriction);
        Assert.Equal(2, kept.QuantityOnBackorder);
        Assert.Null(cleared.Restriction);
        Assert.Equal(InventoryErrorCode.InvalidArgument, Apply(Item(), new SyncInventory { QuantityOnBackorder = -1 }).Error!.Code);
    }
}
