namespace InventoryGrains.Domain.Items;

/// <summary>The rules of quantities by state (SPEC §15): set, adjust and move.</summary>
public static partial class InventoryItemRules
{
    /// <summary>
    /// Applies the lines in order, each to the state the lines before it made, each its own change.
    /// Every line that breaks a rule is named; if one does, none is applied.
    /// </summary>
    private static RuleOutcome ChangeQuantities(InventoryItemState current, ChangeQuantities command, ChangeContext context, DateTimeOffset now)
    {
        if (!current.TrackQuantity)
        {
            var untracked = new InventoryError(InventoryErrorCode.TrackQuantityDisabled, "The item is not tracked by quantity: it has no quantities by state.");
            return RuleOutcome.Fail(untracked) with
            {
                Lines = [.. command.Lines.Select(line => new LineRejection(line.Index, untracked.Code, untracked.Description))],
            };
        }

        var next = current;
        var changes = new List<ChangeLogEntry>(command.Lines.Count);
        var quantities = new List<QuantityChanged>(command.Lines.Count);
        List<LineRejection>? rejected = null;
        foreach (var line in command.Lines)
        {
            var candidate = next.Clone();
            LineRejection? problem;
            QuantityName[] moved;
            ItemOperation operation;
            switch (line)
            {
                case SetQuantityLine set:
                    (problem, operation) = (Set(candidate, set, out moved), ItemOperation.Set);
                    break;
                case AdjustQuantityLine adjust:
                    (problem, moved, operation) = (Adjust(candidate, adjust), [adjust.Name], ItemOperation.Adjust);
                    break;
                case MoveQuantityLine move:
                    (problem, moved, operation) = (Move(candidate, move), [move.From, move.To], ItemOperation.Move);
                    break;
                default:
                    (problem, moved, operation) = (new LineRejection(line.Index, InventoryErrorCode.InvalidArgument, $"Unsupported line {line.GetType().Name}."), [], ItemOperation.Set);
                    break;
            }

            if (problem is not null)
            {
                (rejected ??= []).Add(problem);
                continue;
            }

            changes.Add(Stamp(next, candidate, context, now, operation, command.Reference));
            foreach (var name in moved)
            {
                quantities.Add(new QuantityChanged(line.Index, name, (int)(Value(candidate, name) - Value(next, name)), Value(candidate, name), candidate.Revision));
            }

            next = candidate;
        }

        if (rejected is not null)
        {
            var first = rejected[0];
            return RuleOutcome.Fail(new InventoryError(first.Code, rejected.Count == 1
                ? first.Description
                : $"{rejected.Count} lines cannot be applied; the first: {first.Description}")) with { Lines = rejected };
        }

        return new RuleOutcome(next, changes, null) { Quantities = quantities };
    }

    /// <summary>A set of available follows §3's rule; a set of onHand moves available by the difference.</summary>
    private static LineRejection? Set(InventoryItemState next, SetQuantityLine line, out QuantityName[] moved)
    {
        moved = line.Name == QuantityName.OnHand ? [QuantityName.OnHand, QuantityName.Available] : [QuantityName.Available];
        if (!line.Name.Settable())
        {
            return Invalid(line, $"A set names {QuantityNames.SettableCodes}, not {line.Name.Code()}.");
        }

        if (Stale(next, line.Index, line.Name, line.ChangeFrom) is { } stale)
        {
            return stale;
        }

        var available = line.Name == QuantityName.Available ? line.Quantity : next.Quantity + (line.Quantity - next.Quantities!.OnHand);
        if (available is < int.MinValue or > int.MaxValue)
        {
            return Invalid(line, "The quantity would overflow.");
        }

        if (CheckQuantitySet(next.Quantity, (int)available, next.PreorderCounter) is { } refused)
        {
            return new LineRejection(line.Index, refused.Code, refused.Description, next.Quantity);
        }

        next.Quantity = (int)available;
        return null;
    }

    /// <summary>No state but available goes below zero.</summary>
    private static LineRejection? Adjust(InventoryItemState next, AdjustQuantityLine line)
    {
        if (!line.Name.Adjustable())
        {
            return Invalid(line, $"An adjustment names {QuantityNames.AdjustableCodes}, not {line.Name.Code()}.");
        }

        if (line.Delta == 0)
        {
            return Invalid(line, "delta must not be 0.");
        }

        return Stale(next, line.Index, line.Name, line.ChangeFrom) ?? Add(next, line.Index, line.Name, line.Delta);
    }

    /// <summary>A move needs the quantity in the state it leaves.</summary>
    private static LineRejection? Move(InventoryItemState next, MoveQuantityLine line)
    {
        if (!line.From.Adjustable() || !line.To.Adjustable())
        {
            return Invalid(line, $"A move is between {QuantityNames.AdjustableCodes}.");
        }

        if (line.From == line.To)
        {
            return Invalid(line, "A move needs two different states.");
        }

        if (line.Quantity < 1)
        {
            return Invalid(line, "quantity must be at least 1.");
        }

        if (Stale(next, line.Index, line.From, line.FromChangeFrom) is { } staleFrom)
        {
            return staleFrom;
        }

        if (Stale(next, line.Index, line.To, line.ToChangeFrom) is { } staleTo)
        {
            return staleTo;
        }

        var from = next.Get(line.From);
        if (from < line.Quantity)
        {
            return new LineRejection(line.Index, InventoryErrorCode.InsufficientInventory,
                $"Cannot move {line.Quantity} from {line.From.Code()}: it holds {from}.", from);
        }

        return Add(next, line.Index, line.From, -line.Quantity) ?? Add(next, line.Index, line.To, line.Quantity);
    }

    private static LineRejection? Add(InventoryItemState next, int index, QuantityName name, int delta)
    {
        var current = next.Get(name);
        var value = (long)current + delta;
        if (value is < int.MinValue or > int.MaxValue)
        {
            return new LineRejection(index, InventoryErrorCode.InvalidArgument, $"{name.Code()} would overflow.", current);
        }

        if (value < 0 && name != QuantityName.Available)
        {
            return new LineRejection(index, InventoryErrorCode.QuantityMustBeNonNegative,
                $"{name.Code()} would be {value}: only available may go below 0.", current);
        }

        next.Set(name, (int)value);
        return null;
    }

    /// <summary>The caller's <c>changeFromQuantity</c> against the quantity as it is (no check when it gave null).</summary>
    private static LineRejection? Stale(InventoryItemState next, int index, QuantityName name, int? changeFrom)
    {
        var current = Value(next, name);
        return changeFrom is { } expected && expected != current
            ? new LineRejection(index, InventoryErrorCode.ChangeFromQuantityStale,
                $"{name.Code()} is {current}, not {expected} (changeFromQuantity).", current)
            : null;
    }

    private static long Value(InventoryItemState item, QuantityName name) =>
        name == QuantityName.OnHand ? item.Quantities!.OnHand : item.Get(name);

    private static LineRejection Invalid(QuantityLine line, string description) =>
        new(line.Index, InventoryErrorCode.InvalidArgument, description);
}
