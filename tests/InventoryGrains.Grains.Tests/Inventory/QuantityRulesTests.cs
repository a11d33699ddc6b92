using InventoryGrains.Domain.Items;

namespace InventoryGrains.Grains.Tests.Inventory;

/// <summary>The rules of quantities by state (set, adjust, move), every code they give.</summary>
public sealed class QuantityRulesTests
{
    private static readonly ChangeContext Correction = new(ChangeReason.Correction, "service") { OperationId = "key#0" };
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    private static InventoryItemState Item(int available = 10, Action<InventoryItemState>? adjust = null)
    {
        var state = InventoryItemRules.Apply(new InventoryItemState(), "item-1", new CreateInventoryItem { VariantId = "v1", Quantity = available }, Correction, Now).Next!;
        adjust?.Invoke(state);
        return state;
    }

    private static RuleOutcome Apply(InventoryItemState state, params QuantityLine[] lines) =>
        InventoryItemRules.Apply(state, "item-1", new ChangeQuantities(lines, "gid://shop/Count/1"), Correction, Now);

    private static LineRejection Refused(RuleOutcome outcome)
    {
        Assert.Null(outcome.Next);
        return Assert.Single(outcome.Lines);
    }

    [Fact]
    public void A_new_tracked_item_has_every_quantity_0_but_available_and_onHand_is_derived()
    {
        var quantities = Item(7, state => state.SafetyStock = 2).Quantities!;

        Assert.Equal(new ItemQuantities(7, 0, 0, 0, 2, 0, 0), quantities);
        Assert.Equal(9, quantities.OnHand);
        Assert.Null(Item(adjust: state => state.TrackQuantity = false).Quantities);
    }

    [Fact]
    public void A_set_of_available_is_one_change_with_its_operation_reason_reference_and_fields()
    {
        var outcome = Apply(Item(), new SetQuantityLine(0, QuantityName.Available, 12, ChangeFrom: 10));

        Assert.Equal(12, outcome.Next!.Quantity);
        var change = Assert.Single(outcome.Changes);
        Assert.Equal((2L, ItemOperation.Set, ChangeReason.Correction, "gid://shop/Count/1", "key#0"), (change.Revision, change.Operation, change.Reason, change.Reference, change.OperationId));
        Assert.Equal(new FieldChange("quantity", "10", "12"), Assert.Single(change.Changes));
        Assert.Equal(new QuantityChanged(0, QuantityName.Available, 2, 12, 2), Assert.Single(outcome.Quantities));
    }

    [Theory]
    [InlineData(QuantityName.Available, 9, 10)]
    [InlineData(QuantityName.OnHand, 12, 13)]
    public void A_stale_change_from_quantity_is_refused_with_the_current_value(QuantityName name, int changeFrom, long current)
    {
        var line = Refused(Apply(Item(10, state => state.Damaged = 3), new SetQuantityLine(4, name, 20, changeFrom)));

        Assert.Equal((4, InventoryErrorCode.ChangeFromQuantityStale, current), (line.Index, line.Code, line.Current));
    }

    [Fact]
    public void A_null_change_from_quantity_skips_the_check()
    {
        Assert.Equal(3, Apply(Item(10), new SetQuantityLine(0, QuantityName.Available, 3, ChangeFrom: null)).Next!.Quantity);
    }

    [Fact]
    public void A_set_of_available_follows_the_non_negative_decreasing_rule()
    {
        var line = Refused(Apply(Item(2), new SetQuantityLine(0, QuantityName.Available, -1, null)));

        Assert.Equal(InventoryErrorCode.RequestedQuantityMustBeNonNegativeDecreasing, line.Code);
    }

    [Fact]
    public void A_set_of_on_hand_moves_available_by_the_difference()
    {
        var outcome = Apply(Item(10, state => state.Damaged = 4), new SetQuantityLine(0, QuantityName.OnHand, 20, ChangeFrom: 14));

        Assert.Equal((16, 4), (outcome.Next!.Quantity, outcome.Next.Damaged));
        Assert.Equal(
            [new QuantityChanged(0, QuantityName.OnHand, 6, 20, 2), new QuantityChanged(0, QuantityName.Available, 6, 16, 2)],
            outcome.Quantities);
    }

    [Theory]
    [InlineData(QuantityName.Damaged)]
    [InlineData(QuantityName.Reserved)]
    public void Only_available_and_on_hand_can_be_set(QuantityName name)
    {
        Assert.Equal(InventoryErrorCode.InvalidArgument, Refused(Apply(Item(), new SetQuantityLine(0, name, 1, null))).Code);
    }

    [Fact]
    public void An_adjustment_takes_no_state_but_available_below_0()
    {
        var damaged = Refused(Apply(Item(10, state => state.Damaged = 2), new AdjustQuantityLine(0, QuantityName.Damaged, -3, null)));
        var available = Apply(Item(1), new AdjustQuantityLine(0, QuantityName.Available, -3, null));

        Assert.Equal((InventoryErrorCode.QuantityMustBeNonNegative, 2L), (damaged.Code, damaged.Current));
        Assert.Equal(-2, available.Next!.Quantity);
    }

    [Theory]
    [InlineData(QuantityName.Reserved, 1)]
    [InlineData(QuantityName.Committed, 1)]
    [InlineData(QuantityName.OnHand, 1)]
    [InlineData(QuantityName.Damaged, 0)]
    public void Reservations_own_reserved_and_committed_and_an_adjustment_moves_something(QuantityName name, int delta)
    {
        Assert.Equal(InventoryErrorCode.InvalidArgument, Refused(Apply(Item(), new AdjustQuantityLine(0, name, delta, null))).Code);
    }

    [Fact]
    public void A_quantity_that_would_overflow_is_invalid()
    {
        var line = Refused(Apply(Item(10, state => state.Incoming = int.MaxValue), new AdjustQuantityLine(0, QuantityName.Incoming, 1, null)));

        Assert.Equal(InventoryErrorCode.InvalidArgument, line.Code);
    }

    [Fact]
    public void A_move_needs_the_quantity_in_the_state_it_leaves()
    {
        var line = Refused(Apply(Item(10, state => state.Incoming = 3), new MoveQuantityLine(0, 4, QuantityName.Incoming, null, QuantityName.Available, null)));

        Assert.Equal((InventoryErrorCode.InsufficientInventory, 3L), (line.Code, line.Current));
    }

    [Fact]
    public void Receiving_moves_incoming_to_available_and_reports_both()
    {
        var outcome = Apply(Item(10, state => state.Incoming = 5), new MoveQuantityLine(2, 5, QuantityName.Incoming, 5, QuantityName.Available, 10));

        Assert.Equal((15, 0), (outcome.Next!.Quantity, outcome.Next.Incoming));
        Assert.Equal(
            [new QuantityChanged(2, QuantityName.Incoming, -5, 0, 2), new QuantityChanged(2, QuantityName.Available, 5, 15, 2)],
            outcome.Quantities);
        Assert.Equal(ItemOperation.Move, Assert.Single(outcome.Changes).Operation);
    }

    [Theory]
    [InlineData(QuantityName.Available, QuantityName.Available, 1)]
    [InlineData(QuantityName.Available, QuantityName.Reserved, 1)]
    [InlineData(QuantityName.Available, QuantityName.Damaged, 0)]
    public void A_move_is_of_at_least_one_between_two_states_a_caller_may_move(QuantityName from, QuantityName to, int quantity)
    {
        Assert.Equal(InventoryErrorCode.InvalidArgument, Refused(Apply(Item(), new MoveQuantityLine(0, quantity, from, null, to, null))).Code);
    }

    [Fact]
    public void An_untracked_item_refuses_every_line()
    {
        var outcome = Apply(Item(adjust: state => state.TrackQuantity = false), new AdjustQuantityLine(0, QuantityName.Damaged, 1, null), new AdjustQuantityLine(1, QuantityName.Damaged, 1, null));

        Assert.Equal([InventoryErrorCode.TrackQuantityDisabled, InventoryErrorCode.TrackQuantityDisabled], outcome.Lines.Select(line => line.Code));
    }

    [Fact]
    public void Lines_apply_in_order_each_its_own_change_and_one_failing_line_applies_none_and_every_failing_line_is_named()
    {
        var state = Item(10);
        var applied = Apply(state, new AdjustQuantityLine(0, QuantityName.Available, -4, 10), new SetQuantityLine(1, QuantityName.Available, 9, ChangeFrom: 6));
        var refused = Apply(state,
            new AdjustQuantityLine(0, QuantityName.Damaged, 2, 0),
            new AdjustQuantityLine(1, QuantityName.Damaged, -5, null),
            new MoveQuantityLine(2, 1, QuantityName.Damaged, 2, QuantityName.Available, 99));

        Assert.Equal([2L, 3L], applied.Changes.Select(change => change.Revision));
        Assert.Equal(9, applied.Next!.Quantity);
        Assert.Null(refused.Next);
        Assert.Equal([(1, InventoryErrorCode.QuantityMustBeNonNegative), (2, InventoryErrorCode.ChangeFromQuantityStale)], refused.Lines.Select(line => (line.Index, line.Code)));
        Assert.Equal(10, state.Quantity);
    }

    [Fact]
    public void An_item_with_reservations_can_neither_be_deleted_nor_stop_tracking()
    {
        var held = Item(10, state => state.Reserved = 1);
        var committed = Item(10, state => state.Committed = 2);

        Assert.Equal(InventoryErrorCode.ItemHasReservations, InventoryItemRules.Apply(held, "item-1", new DeleteInventoryItem(), Correction, Now).Error!.Code);
        Assert.Equal(InventoryErrorCode.ItemHasReservations, InventoryItemRules.Apply(committed, "item-1",
            new UpdateInventoryItem { ExpectedRevision = null, InStock = true }, Correction, Now).Error!.Code);
    }

    [Fact]
    public void An_item_that_stops_tracking_has_no_quantities_left()
    {
        var untracked = InventoryItemRules.Apply(Item(10, state => (state.Damaged, state.Incoming) = (2, 5)), "item-1",
            new UpdateInventoryItem { ExpectedRevision = null, InStock = true }, Correction, Now).Next!;

        Assert.Equal((false, 0, 0), (untracked.TrackQuantity, untracked.Damaged, untracked.Incoming));
        Assert.Null(untracked.Quantities);
    }

    [Fact]
    public void Every_command_records_its_operation()
    {
        var state = Item(10);
        InventoryCommand[] commands =
        [
            new UpdateInventoryItem { ExpectedRevision = null, Quantity = 9 },
            new DecrementInventory(1, false, true),
            new IncrementInventory(1),
            new AdjustInventory(2, false),
            new SyncInventory { Quantity = 3 },
            new DeleteInventoryItem(),
        ];

        var operations = new List<ItemOperation?>();
        foreach (var command in commands)
        {
            var outcome = InventoryItemRules.Apply(state, "item-1", command, Correction, Now);
            operations.Add(Assert.Single(outcome.Changes).Operation);
            state = outcome.Next!;
        }

        Assert.Equal([ItemOperation.Update, ItemOperation.Decrement, ItemOperation.Increment, ItemOperation.Adjust, ItemOperation.Sync, ItemOperation.Delete], operations);
    }

    [Fact]
    public void Reasons_and_names_are_spelled_as_the_contract_spells_them()
    {
        Assert.Equal(
            ["correction", "cycle_count_available", "damaged", "movement_created", "movement_updated", "movement_received", "movement_canceled",
             "other", "promotion", "quality_control", "received", "restock", "safety_stock", "shrinkage"],
            ChangeReasons.QuantityReasons.Select(ChangeReasons.Code));
        Assert.Equal(("ORDER", "reservation_created"), (ChangeReason.Order.Code(), ChangeReason.ReservationCreated.Code()));
        Assert.Equal(["available", "reserved", "committed", "damaged", "safetyStock", "qualityControl", "incoming", "onHand"],
            Enum.GetValues<QuantityName>().Select(QuantityNames.Code));
        Assert.True(ChangeReasons.TryParse("cycle_count_available", out var parsed) && parsed == ChangeReason.CycleCountAvailable);
        Assert.False(ChangeReasons.TryParse("CYCLE_COUNT_AVAILABLE", out _));
    }
}
