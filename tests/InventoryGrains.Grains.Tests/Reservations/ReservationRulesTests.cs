using InventoryGrains.Domain.Items;
using InventoryGrains.Domain.Reservations;

namespace InventoryGrains.Grains.Tests.Reservations;

/// <summary>The state machine of a reservation, and what each of its steps does to an item.</summary>
public sealed class ReservationRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly ChangeContext Created = new(ChangeReason.ReservationCreated, "service") { OperationId = "reservation:r1:hold" };
    private static readonly ReservationLine[] Lines = [new("b", 2), new("a", 1), new("b", 3)];

    private static Reservation Held() => ((ReservationChange)ReservationRules.Create(null, "r1", Lines, "gid://shop/Checkout/1", TimeSpan.FromMinutes(15), Now)).Next;

    private static Reservation In(ReservationStatus status) => Held() with { Status = status };

    [Fact]
    public void A_new_reservation_is_held_until_its_expiry_and_takes_one_hold_per_item_with_the_lines_summed()
    {
        var change = Assert.IsType<ReservationChange>(ReservationRules.Create(null, "r1", Lines, null, TimeSpan.FromSeconds(30), Now));

        Assert.Equal((ReservationStatus.Held, Now + TimeSpan.FromSeconds(30), ReservationStep.Hold, ChangeReason.ReservationCreated),
            (change.Next.Status, change.Next.ExpiresAt, change.Step, change.Reason));
        Assert.Equal([new ReservationLine("a", 1), new ReservationLine("b", 5)], change.Next.PerItem());
    }

    [Fact]
    public void The_same_id_again_answers_the_reservation_and_other_lines_or_another_reference_are_RESERVATION_EXISTS()
    {
        var held = Held();

        Assert.Same(held, Assert.IsType<ReservationUnchanged>(ReservationRules.Create(held, "r1", Lines, "gid://shop/Checkout/1", TimeSpan.FromMinutes(1), Now)).Reservation);
        Assert.Equal(ReservationErrorCode.Exists, Assert.IsType<ReservationRefusal>(ReservationRules.Create(held, "r1", Lines[..2], "gid://shop/Checkout/1", TimeSpan.FromMinutes(1), Now)).Code);
        Assert.Equal(ReservationErrorCode.Exists, Assert.IsType<ReservationRefusal>(ReservationRules.Create(held, "r1", Lines, "other", TimeSpan.FromMinutes(1), Now)).Code);
        Assert.Equal("RESERVATION_EXISTS", ReservationErrorCode.Exists.Code());
    }

    [Theory]
    [InlineData(ReservationStatus.Held, ReservationAction.Confirm, ReservationStatus.Confirmed, ReservationStep.Confirm)]
    [InlineData(ReservationStatus.Held, ReservationAction.Release, ReservationStatus.Released, ReservationStep.Release)]
    [InlineData(ReservationStatus.Confirmed, ReservationAction.Fulfil, ReservationStatus.Fulfilled, ReservationStep.Fulfil)]
    [InlineData(ReservationStatus.Confirmed, ReservationAction.Cancel, ReservationStatus.Canceled, ReservationStep.Cancel)]
    public void Each_allowed_transition_reaches_its_status_with_its_step(ReservationStatus from, ReservationAction action, ReservationStatus to, ReservationStep step)
    {
        var change = Assert.IsType<ReservationChange>(ReservationRules.Transition(In(from), "r1", action, null, Now));

        Assert.Equal((to, step, false), (change.Next.Status, change.Step, change.ExpiredFirst));
    }

    [Theory]
    [InlineData(ReservationStatus.Confirmed, ReservationAction.Confirm)]
    [InlineData(ReservationStatus.Released, ReservationAction.Release)]
    [InlineData(ReservationStatus.Fulfilled, ReservationAction.Fulfil)]
    [InlineData(ReservationStatus.Canceled, ReservationAction.Cancel)]
    public void A_repeat_of_the_transition_that_made_the_status_answers_it_again(ReservationStatus status, ReservationAction action)
    {
        Assert.IsType<ReservationUnchanged>(ReservationRules.Transition(In(status), "r1", action, null, Now));
    }

    [Theory]
    [InlineData(ReservationStatus.Held, ReservationAction.Fulfil, "RESERVATION_HELD")]
    [InlineData(ReservationStatus.Held, ReservationAction.Cancel, "RESERVATION_HELD")]
    [InlineData(ReservationStatus.Confirmed, ReservationAction.Release, "RESERVATION_CONFIRMED")]
    [InlineData(ReservationStatus.Confirmed, ReservationAction.Extend, "RESERVATION_CONFIRMED")]
    [InlineData(ReservationStatus.Released, ReservationAction.Confirm, "RESERVATION_RELEASED")]
    [InlineData(ReservationStatus.Fulfilled, ReservationAction.Confirm, "RESERVATION_FULFILLED")]
    [InlineData(ReservationStatus.Canceled, ReservationAction.Fulfil, "RESERVATION_CANCELED")]
    [InlineData(ReservationStatus.Expired, ReservationAction.Confirm, "RESERVATION_EXPIRED")]
    [InlineData(ReservationStatus.Expired, ReservationAction.Release, "RESERVATION_EXPIRED")]
    public void Any_other_transition_is_refused_with_the_status_it_is_in(ReservationStatus status, ReservationAction action, string code)
    {
        Assert.Equal(code, Assert.IsType<ReservationRefusal>(ReservationRules.Transition(In(status), "r1", action, null, Now)).Code.Code());
    }

    [Fact]
    public void A_request_at_or_after_the_expiry_of_a_held_reservation_finds_it_expired_first()
    {
        var held = Held();

        var change = Assert.IsType<ReservationChange>(ReservationRules.Transition(held, "r1", ReservationAction.Confirm, null, held.ExpiresAt));

        Assert.Equal((ReservationStatus.Expired, ReservationStep.Expire, true, ChangeReason.ReservationExpired), (change.Next.Status, change.Step, change.ExpiredFirst, change.Reason));
        Assert.Equal(ReservationErrorCode.Expired, Assert.IsType<ReservationRefusal>(ReservationRules.Transition(change.Next, "r1", ReservationAction.Confirm, null, held.ExpiresAt)).Code);
        Assert.Null(ReservationRules.Expiry(held, held.ExpiresAt.AddTicks(-1)));
        Assert.Null(ReservationRules.Expiry(In(ReservationStatus.Confirmed), held.ExpiresAt.AddDays(1)));
    }

    [Fact]
    public void An_extension_moves_the_expiry_of_a_held_reservation_and_takes_no_step()
    {
        var change = Assert.IsType<ReservationChange>(ReservationRules.Transition(Held(), "r1", ReservationAction.Extend, TimeSpan.FromMinutes(30), Now.AddMinutes(5)));

        Assert.Equal((ReservationStatus.Held, Now.AddMinutes(35), (ReservationStep?)null), (change.Next.Status, change.Next.ExpiresAt, change.Step));
    }

    [Fact]
    public void An_unknown_reservation_is_RESERVATION_NOT_FOUND()
    {
        Assert.Equal("RESERVATION_NOT_FOUND", Assert.IsType<ReservationRefusal>(ReservationRules.Transition(null, "r9", ReservationAction.Confirm, null, Now)).Code.Code());
    }

    [Theory]
    [InlineData(0, 900, "lines must hold 1 to 100")]
    [InlineData(101, 900, "lines must hold 1 to 100")]
    [InlineData(1, 0, "expiresInSeconds must be 1 to 604800")]
    [InlineData(1, 604_801, "expiresInSeconds must be 1 to 604800")]
    public void A_create_needs_1_to_100_lines_and_an_expiry_of_1_s_to_7_days(int lines, int seconds, string problem)
    {
        Assert.StartsWith(problem, ReservationRules.CheckCreate([.. Enumerable.Range(0, lines).Select(i => new ReservationLine($"i{i}", 1))], TimeSpan.FromSeconds(seconds)), StringComparison.Ordinal);
        Assert.Null(ReservationRules.CheckCreate([new ReservationLine("a", 1)], TimeSpan.FromSeconds(604_800)));
        Assert.StartsWith("lines[1].quantity", ReservationRules.CheckCreate([new ReservationLine("a", 1), new ReservationLine("b", 0)], TimeSpan.FromMinutes(1)), StringComparison.Ordinal);
    }

    // ---- the steps on an item ----

    private static InventoryItemState Item(int available = 10) =>
        InventoryItemRules.Apply(new InventoryItemState(), "item-1", new CreateInventoryItem { VariantId = "v1", Quantity = available }, Created, Now).Next!;

    private static RuleOutcome Step(InventoryItemState item, ReservationStep step, int quantity) =>
        InventoryItemRules.Apply(item, "item-1", new ApplyReservation("r1", step, quantity), Created, Now);

    [Fact]
    public void A_hold_moves_available_to_reserved_in_one_change_with_the_reservations_reason_operation_and_id()
    {
        var outcome = Step(Item(), ReservationStep.Hold, 4);

        Assert.Equal((6, 4), (outcome.Next!.Quantity, outcome.Next.Reserved));
        var change = Assert.Single(outcome.Changes);
        Assert.Equal((ItemOperation.Reserve, ChangeReason.ReservationCreated, "r1", 2L), (change.Operation, change.Reason, change.Reference, change.Revision));
        Assert.Equal(["quantity", "reserved"], change.Changes.Select(field => field.Field).Order());
    }

    [Fact]
    public void A_hold_beyond_what_is_available_is_INSUFFICIENT_INVENTORY_with_the_available_quantity_and_an_untracked_item_cannot_be_held()
    {
        var refused = Step(Item(3), ReservationStep.Hold, 4);

        Assert.Equal((InventoryErrorCode.InsufficientInventory, 3L), (refused.Error!.Code, refused.Error.Current));
        var untracked = Item();
        untracked.TrackQuantity = false;
        Assert.Equal(InventoryErrorCode.TrackQuantityDisabled, Step(untracked, ReservationStep.Hold, 1).Error!.Code);
        Assert.Equal(InventoryErrorCode.InventoryItemNotFound,
            InventoryItemRules.Apply(new InventoryItemState(), "nope", new ApplyReservation("r1", ReservationStep.Hold, 1), Created, Now).Error!.Code);
    }

    [Theory]
    [InlineData(ReservationStep.Release, 10, 0, 0, ItemOperation.Release)]
    [InlineData(ReservationStep.Expire, 10, 0, 0, ItemOperation.Expire)]
    [InlineData(ReservationStep.Confirm, 6, 0, 4, ItemOperation.Confirm)]
    public void The_steps_after_a_hold_move_what_it_reserved(ReservationStep step, int available, int reserved, int committed, ItemOperation operation)
    {
        var held = Step(Item(), ReservationStep.Hold, 4).Next!;

        var outcome = Step(held, step, 4);

        Assert.Equal((available, reserved, committed, operation), (outcome.Next!.Quantity, outcome.Next.Reserved, outcome.Next.Committed, outcome.Changes[0].Operation));
    }

    [Fact]
    public void A_fulfilment_takes_committed_stock_off_hand_and_a_cancellation_returns_it_to_available()
    {
        var confirmed = Step(Step(Item(), ReservationStep.Hold, 4).Next!, ReservationStep.Confirm, 4).Next!;

        var fulfilled = Step(confirmed, ReservationStep.Fulfil, 4).Next!;
        var canceled = Step(confirmed, ReservationStep.Cancel, 4).Next!;

        Assert.Equal((6, 0, 6L), (fulfilled.Quantity, fulfilled.Committed, fulfilled.Quantities!.OnHand));
        Assert.Equal((10, 0, 10L), (canceled.Quantity, canceled.Committed, canceled.Quantities!.OnHand));
        Assert.Equal(InventoryErrorCode.QuantityMustBeNonNegative, Step(confirmed, ReservationStep.Fulfil, 5).Error!.Code);
    }

    [Fact]
    public void An_item_with_stock_reserved_or_committed_can_neither_be_deleted_nor_stop_tracking()
    {
        var held = Step(Item(), ReservationStep.Hold, 1).Next!;

        Assert.Equal(InventoryErrorCode.ItemHasReservations,
            InventoryItemRules.Apply(held, "item-1", new UpdateInventoryItem { ExpectedRevision = null, InStock = true }, Created, Now).Error!.Code);
        Assert.Equal(InventoryErrorCode.ItemHasReservations, InventoryItemRules.Apply(held, "item-1", new DeleteInventoryItem(), Created, Now).Error!.Code);
    }
}
