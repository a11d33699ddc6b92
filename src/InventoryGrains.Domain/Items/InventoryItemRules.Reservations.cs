namespace InventoryGrains.Domain.Items;

/// <summary>The rules of a reservation's steps on one item (SPEC §15, Reservations).</summary>
public static partial class InventoryItemRules
{
    /// <summary>
    /// Moves the step's quantity between available, reserved and committed: one change, with the
    /// reservation's reason, operation and id. A hold needs the item tracked and the quantity
    /// available; the other steps move what earlier steps of the same reservation put there.
    /// </summary>
    private static RuleOutcome ApplyReservation(InventoryItemState current, ApplyReservation command, ChangeContext context, DateTimeOffset now)
    {
        if (!current.TrackQuantity)
        {
            return RuleOutcome.Fail(InventoryErrorCode.TrackQuantityDisabled, "The item is not tracked by quantity: it cannot be reserved.");
        }

        if (command.Quantity < 1)
        {
            return RuleOutcome.Fail(InventoryErrorCode.InvalidArgument, "quantity must be at least 1.");
        }

        var (from, to, operation) = Effect(command.Step);
        var next = current.Clone();
        var held = next.Get(from);
        if (held < command.Quantity)
        {
            return command.Step == ReservationStep.Hold
                ? RuleOutcome.Fail(new InventoryError(InventoryErrorCode.InsufficientInventory,
                    $"Cannot hold {command.Quantity}: {held} available.") { Current = held })
                : RuleOutcome.Fail(InventoryErrorCode.QuantityMustBeNonNegative,
                    $"{from.Code()} holds {held}, less than the reservation's {command.Quantity}.");
        }

        next.Set(from, held - command.Quantity);
        if (to is { } target)
        {
            var value = (long)next.Get(target) + command.Quantity;
            if (value > int.MaxValue)
            {
                return RuleOutcome.Fail(InventoryErrorCode.InvalidArgument, $"{target.Code()} would overflow.");
            }

            next.Set(target, (int)value);
        }

        var change = Stamp(current, next, context, now, operation, command.ReservationId);
        return new RuleOutcome(next, [change], null);
    }

    /// <summary>Where a step takes the quantity from and puts it (nowhere: it leaves the item).</summary>
    private static (QuantityName From, QuantityName? To, ItemOperation Operation) Effect(ReservationStep step) => step switch
    {
        ReservationStep.Hold => (QuantityName.Available, QuantityName.Reserved, ItemOperation.Reserve),
        ReservationStep.Release => (QuantityName.Reserved, QuantityName.Available, ItemOperation.Release),
        ReservationStep.Expire => (QuantityName.Reserved, QuantityName.Available, ItemOperation.Expire),
        ReservationStep.Confirm => (QuantityName.Reserved, QuantityName.Committed, ItemOperation.Confirm),
        ReservationStep.Fulfil => (QuantityName.Committed, null, ItemOperation.Fulfil),
        ReservationStep.Cancel => (QuantityName.Committed, QuantityName.Available, ItemOperation.Cancel),
        _ => throw new ArgumentOutOfRangeException(nameof(step), step, null),
    };
}
