using InventoryGrains.Abstractions.Inventory;
using InventoryGrains.Grains.Inventory;
using InventoryGrains.Storage.Items;
using InventoryGrains.Domain.Items;

namespace InventoryGrains.Grains.Tests.Inventory;

public sealed class InventoryItemRulesTests
{
    private static readonly ChangeContext Manual = new(ChangeReason.Manual, "test");
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);

    private static InventoryItemState Item(Action<InventoryItemState>? adjust = null)
    {
        var outcome = InventoryItemRules.Apply(new InventoryItemState(), "item-1", new CreateInventoryItem { VariantId = "v1", Quantity = 10 }, Manual, Now);
        var state = outcome.Next!;
        adjust?.Invoke(state);
        return state;
    }

    private static RuleOutcome Apply(InventoryItemState state, InventoryCommand command) =>
        InventoryItemRules.Apply(state, "item-1", command, Manual, Now);

    private static UpdateInventoryItem SetQuantity(InventoryItemState state, int quantity) =>
        new() { ExpectedRevision = state.Revision, Quantity = quantity };

    [Theory]
    // (a) a set never creates or deepens negative stock
    [InlineData(0, -1, 0, false)]
    [InlineData(-5, -6, 0, false)]
    [InlineData(-5, -5, 0, true)]
    [InlineData(-5, -4, 0, true)]
    [InlineData(3, 0, 0, true)]
    // (b) while preorders exist, stock cannot be lowered below the counter
    [InlineData(10, 4, 5, false)]
    [InlineData(10, 5, 5, true)]
    [InlineData(3, 2, 5, false)]
    [InlineData(3, 4, 5, true)]
    [InlineData(10, 11, 5, true)]
    public void The_non_negative_decreasing_rule_holds_at_its_boundaries(int current, int requested, int counter, bool allowed)
    {
        var error = InventoryItemRules.CheckQuantitySet(current, requested, counter);

        Assert.Equal(allowed, error is null);
        if (!allowed)
        {
            Assert.Equal(InventoryErrorCode.RequestedQuantityMustBeNonNegativeDecreasing, error!.Code);
        }
    }

    [Fact]
    public void A_create_starts_at_revision_1_with_the_defaults()
    {
        var item = Item().ToItem();

        Assert.Equal(1, item.Revision);
        Assert.True(item.TrackQuantity);
        Assert.Equal("default", item.LocationId);
        Assert.Equal(ProductType.Physical, item.ProductType);
        Assert.Equal(new PreorderInfo(false, null, 100_000, 0, 100_000), item.Preorder);
        Assert.Equal(AvailabilityStatus.InStock, item.AvailabilityStatus);
    }

    [Fact]
    public void A_create_without_a_variant_is_invalid()
    {
        var outcome = InventoryItemRules.Apply(new InventoryItemState(), "x", new CreateInventoryItem { Quantity = 1 }, Manual, Now);
        Assert.Equal(InventoryErrorCode.InvalidArgument, outcome.Error!.Code);
    }

    [Fact]
    public void An_update_quoting_another_revision_fails_with_the_current_one()
    {
        var state = Item();

        var outcome = Apply(state, new UpdateInventoryItem { ExpectedRevision = 7, Quantity = 3 });

        Assert.Equal(InventoryErrorCode.RevisionMismatch, outcome.Error!.Code);
        Assert.Equal(1, outcome.Error.CurrentRevision);
    }

    [Fact]
    public void Quantity_and_inStock_together_are_invalid_and_each_sets_the_tracking_mode()
    {
        var state = Item();
        Assert.Equal(InventoryErrorCode.InvalidArgument, Apply(state, new UpdateInventoryItem { ExpectedRevision = 1, Quantity = 1, InStock = true }).Error!.Code);

        var untracked = Apply(state, new UpdateInventoryItem { ExpectedRevision = 1, InStock = true }).Next!;
        Assert.False(untracked.TrackQuantity);
        Assert.Equal(2, untracked.Revision);

        var tracked = Apply(untracked, new UpdateInventoryItem { ExpectedRevision = 2, Quantity = 4 }).Next!;
        Assert.True(tracked.TrackQuantity);
        Assert.Equal(4, tracked.Quantity);
    }

    [Fact]
    public void Absent_fields_stay_as_they_are()
    {
        var state = Item(s => s.ProductId = "p1");

        var next = Apply(state, new UpdateInventoryItem { ExpectedRevision = 1, Preorder = new PreorderPatch(null, "soon", null) }).Next!;

        Assert.Equal(10, next.Quantity);
        Assert.Equal("p1", next.ProductId);
        Assert.Equal("soon", next.PreorderMessage);
    }

    [Theory]
    [InlineData(ProductType.Digital, false)]
    [InlineData(ProductType.Physical, true)]
    public void Preorder_cannot_be_enabled_for_digital_or_subscription_items(ProductType type, bool subscription)
    {
        var state = Item(s => { s.ProductType = type; s.Subscription = subscription; });

        var outcome = Apply(state, new UpdateInventoryItem { ExpectedRevision = 1, Preorder = new PreorderPatch(true, null, null) });

        Assert.Equal(InventoryErrorCode.PreOrderValidation, outcome.Error!.Code);
    }

    [Fact]
    public void A_preorder_limit_below_the_counter_is_invalid()
    {
        var state = Item(s => { s.PreorderEnabled = true; s.PreorderCounter = 5; });

        Assert.Equal(InventoryErrorCode.InvalidArgument, Apply(state, new UpdateInventoryItem { ExpectedRevision = 1, Preorder = new PreorderPatch(null, null, 4) }).Error!.Code);
        Assert.Equal(5, Apply(state, new UpdateInventoryItem { ExpectedRevision = 1, Preorder = new PreorderPatch(null, null, 5) }).Next!.PreorderLimit);
    }

    [Fact]
    public void A_preorder_that_reaches_the_limit_exactly_passes_and_one_more_fails()
    {
        var state = Item(s => { s.Quantity = 0; s.PreorderEnabled = true; s.PreorderLimit = 10; s.PreorderCounter = 7; });

        var atLimit = Apply(state, new DecrementInventory(3, PreorderRequest: true, RestrictInventory: true)).Next!;
        Assert.Equal(10, atLimit.PreorderCounter);
        Assert.Equal(0, atLimit.Quantity);
        Assert.Equal(0, atLimit.ToItem().Preorder.Quantity);

        Assert.Equal(InventoryErrorCode.PreorderLimitExceeded, Apply(state, new DecrementInventory(4, true, true)).Error!.Code);
        Assert.Equal(InventoryErrorCode.PreorderLimitExceeded, Apply(atLimit, new DecrementInventory(1, true, true)).Error!.Code);
    }

    [Fact]
    public void A_preorder_request_needs_the_item_in_preorder_status()
    {
        var inStock = Item(s => s.PreorderEnabled = true);
        Assert.Equal(InventoryErrorCode.PreorderLimitExceeded, Apply(inStock, new DecrementInventory(1, true, true)).Error!.Code);
    }

    [Fact]
    public void Decrements_respect_restrictInventory_and_tracking()
    {
        var state = Item(s => s.Quantity = 2);

        Assert.Equal(InventoryErrorCode.InsufficientInventory, Apply(state, new DecrementInventory(3, false, true)).Error!.Code);
        Assert.Equal(0, Apply(state, new DecrementInventory(2, false, true)).Next!.Quantity);
        Assert.Equal(-1, Apply(state, new DecrementInventory(3, false, RestrictInventory: false)).Next!.Quantity);
        Assert.Equal(InventoryErrorCode.InvalidArgument, Apply(state, new DecrementInventory(0, false, true)).Error!.Code);

        var untracked = Item(s => s.TrackQuantity = false);
        Assert.Equal(InventoryErrorCode.TrackQuantityDisabled, Apply(untracked, new DecrementInventory(1, false, true)).Error!.Code);
    }

    [Fact]
    public void Adjustments_never_take_stock_below_zero_and_start_tracking_only_when_asked()
    {
        var two = Item(s => s.Quantity = 2);
        var negative = Item(s => s.Quantity = -3);
        var untracked = Item(s => { s.TrackQuantity = false; s.InStock = true; });

        Assert.Equal(0, Apply(two, new AdjustInventory(-2, false)).Next!.Quantity);
        Assert.Equal(InventoryErrorCode.InsufficientInventory, Apply(two, new AdjustInventory(-3, false)).Error!.Code);
        Assert.Equal(InventoryErrorCode.InsufficientInventory, Apply(negative, new AdjustInventory(-1, false)).Error!.Code);
        Assert.Equal(-1, Apply(negative, new AdjustInventory(2, false)).Next!.Quantity);
        Assert.Equal(InventoryErrorCode.TrackQuantityDisabled, Apply(untracked, new AdjustInventory(4, false)).Error!.Code);
        var tracked = Apply(untracked, new AdjustInventory(-4, TrackUntracked: true)).Next!;
        Assert.True(tracked.TrackQuantity);
        Assert.Equal(4, tracked.Quantity);
        Assert.Equal(InventoryErrorCode.InvalidArgument, Apply(two, new AdjustInventory(0, true)).Error!.Code);
        Assert.Equal(InventoryErrorCode.InvalidArgument, Apply(Item(s => s.Quantity = int.MaxValue), new AdjustInventory(1, false)).Error!.Code);
    }

    [Fact]
    public void A_deletion_is_a_change_of_its_own_and_leaves_a_tombstone_that_no_command_but_a_refused_creation_reaches()
    {
        var state = Item();

        var deletion = Apply(state, new DeleteInventoryItem());
        var deleted = deletion.Next!;

        Assert.False(deleted.Exists);
        Assert.True(deleted.Deleted);
        Assert.Equal(state.Revision + 1, deleted.Revision);
        Assert.Equal(deleted.Revision, Assert.Single(deletion.Changes).Revision);
        Assert.Equal(new FieldChange("deleted", "false", "true"), Assert.Single(Assert.Single(deletion.Changes).Changes));
        Assert.Equal(InventoryErrorCode.InventoryItemNotFound, Apply(deleted, new IncrementInventory(1)).Error!.Code);
        Assert.Equal(InventoryErrorCode.ItemAlreadyExists, Apply(deleted, new CreateInventoryItem { VariantId = "v1" }).Error!.Code);
    }

    [Fact]
    public void Overflow_of_int32_is_invalid_and_changes_nothing()
    {
        var high = Item(s => s.Quantity = int.MaxValue - 1);
        Assert.Equal(int.MaxValue, Apply(high, new IncrementInventory(1)).Next!.Quantity);
        Assert.Equal(InventoryErrorCode.InvalidArgument, Apply(high, new IncrementInventory(2)).Error!.Code);
        Assert.Equal(int.MaxValue - 1, high.Quantity);

        var low = Item(s => s.Quantity = int.MinValue + 1);
        Assert.Equal(InventoryErrorCode.InvalidArgument, Apply(low, new DecrementInventory(2, false, RestrictInventory: false)).Error!.Code);
    }

    [Theory]
    [InlineData(true, 1, false, false, 0, 10, AvailabilityStatus.InStock)]
    [InlineData(true, 0, false, true, 9, 10, AvailabilityStatus.Preorder)]
    [InlineData(true, 0, false, true, 10, 10, AvailabilityStatus.OutOfStock)]
    [InlineData(true, -3, false, false, 0, 10, AvailabilityStatus.OutOfStock)]
    [InlineData(false, 0, true, false, 0, 10, AvailabilityStatus.InStock)]
    [InlineData(false, 0, false, true, 10, 10, AvailabilityStatus.Preorder)]
    [InlineData(false, 0, false, false, 0, 10, AvailabilityStatus.OutOfStock)]
    public void Availability_is_derived_from_the_state(bool tracked, int quantity, bool inStock, bool preorder, int counter, int limit, AvailabilityStatus expected)
    {
        var state = Item(s =>
        {
            s.TrackQuantity = tracked;
            s.Quantity = quantity;
            s.InStock = inStock;
            s.PreorderEnabled = preorder;
            s.PreorderCounter = counter;
            s.PreorderLimit = limit;
        });

        Assert.Equal(expected, state.ToItem().AvailabilityStatus);
    }

    [Fact]
    public void Every_change_comes_with_its_ledger_entry_naming_each_field_it_changed_before_and_after_as_json()
    {
        var creation = InventoryItemRules.Apply(new InventoryItemState(), "item-1", new CreateInventoryItem { VariantId = "v1", Quantity = 10 }, Manual, Now);
        var created = Assert.Single(creation.Changes);
        Assert.Equal(1, created.Revision);
        Assert.Equal("10", created.Changes.Single(c => c.Field == "quantity").After);
        Assert.Equal("\"v1\"", created.Changes.Single(c => c.Field == "variantId").After);

        var state = creation.Next!;
        var changes = new List<ChangeLogEntry>();
        for (var i = 0; i < 60; i++)
        {
            var outcome = Apply(state, new IncrementInventory(1));
            state = outcome.Next!;
            changes.Add(Assert.Single(outcome.Changes));
        }

        Assert.Equal(Enumerable.Range(2, 60).Select(r => (long)r), changes.Select(c => c.Revision));
        var last = changes[^1];
        Assert.Equal(state.Revision, last.Revision);
        Assert.Equal(new FieldChange("quantity", "69", "70"), Assert.Single(last.Changes));
        Assert.Equal("test", last.Dialect);
    }

    [Fact]
    public void A_change_records_the_operation_it_belongs_to()
    {
        var outcome = InventoryItemRules.Apply(Item(), "item-1", new IncrementInventory(1), Manual with { OperationId = "shop/key-1/0" }, Now);

        Assert.Equal("shop/key-1/0", Assert.Single(outcome.Changes).OperationId);
    }

    [Fact]
    public void A_failed_rule_leaves_the_state_untouched()
    {
        var state = Item();
        var before = state.Clone();

        var outcome = Apply(state, new UpdateInventoryItem { ExpectedRevision = 1, Quantity = -1 });

        Assert.Equal(((InventoryItemState?)null, 0), (outcome.Next, outcome.Changes.Count));
        Assert.Equal(before.Quantity, state.Quantity);
        Assert.Equal(before.Revision, state.Revision);
    }
}
