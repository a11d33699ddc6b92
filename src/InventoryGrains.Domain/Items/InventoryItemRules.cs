namespace InventoryGrains.Domain.Items;

/// <summary>
/// Every rule of an inventory item, as a pure function from (state, command) to the next state or
/// an error. The item grain is the only caller; it runs one command at a time per item.
/// </summary>
public static partial class InventoryItemRules
{
    /// <summary>
    /// The next state (revision +1) and its ledger entry, or the error that leaves the item as it
    /// was. <paramref name="current"/> is never altered.
    /// </summary>
    public static RuleOutcome Apply(InventoryItemState current, string itemId, InventoryCommand command, ChangeContext context, DateTimeOffset now)
    {
        if (command is CreateInventoryItem create)
        {
            return current.Exists || current.Deleted
                ? RuleOutcome.Fail(InventoryErrorCode.ItemAlreadyExists, current.Deleted
                    ? $"Inventory item id '{itemId}' belonged to a deleted item; ids are not reused."
                    : $"Inventory item '{itemId}' already exists.")
                : Create(itemId, create, context, now);
        }

        if (!current.Exists)
        {
            return RuleOutcome.Fail(InventoryErrorCode.InventoryItemNotFound, $"Inventory item '{itemId}' was not found.");
        }

        if (command is DeleteInventoryItem delete)
        {
            return Delete(current, delete, context, now);
        }

        if (command is ChangeQuantities quantities)
        {
            return ChangeQuantities(current, quantities, context, now);
        }

        if (command is ApplyReservation reservation)
        {
            return ApplyReservation(current, reservation, context, now);
        }

        var next = current.Clone();
        var error = command switch
        {
            UpdateInventoryItem update => Update(next, update),
            DecrementInventory decrement => Decrement(next, decrement),
            IncrementInventory increment => Increment(next, increment),
            AdjustInventory adjust => Adjust(next, adjust),
            SyncInventory sync => Sync(next, sync),
            _ => new InventoryError(InventoryErrorCode.InvalidArgument, $"Unsupported command {command.GetType().Name}."),
        };

        return error is not null ? RuleOutcome.Fail(error) : Commit(current, next, context, now, OperationOf(command));
    }

    private static ItemOperation OperationOf(InventoryCommand command) => command switch
    {
        UpdateInventoryItem => ItemOperation.Update,
        DecrementInventory => ItemOperation.Decrement,
        IncrementInventory => ItemOperation.Increment,
        AdjustInventory => ItemOperation.Adjust,
        SyncInventory => ItemOperation.Sync,
        _ => throw new ArgumentOutOfRangeException(nameof(command), command.GetType().Name, "Not a change of an existing item's fields."),
    };

    private static RuleOutcome Create(string itemId, CreateInventoryItem create, ChangeContext context, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(create.VariantId))
        {
            return RuleOutcome.Fail(InventoryErrorCode.InvalidArgument, "variantId is required.");
        }

        var next = new InventoryItemState
        {
            Exists = true,
            Id = itemId,
            Revision = 0,
            VariantId = create.VariantId,
            ProductId = create.ProductId,
            LocationId = Locations.OrDefault(create.LocationId),
            ProductType = create.ProductType ?? ProductType.Physical,
            Subscription = create.Subscription ?? false,
            TrackQuantity = true,
            CreatedDate = now,
            Identifiers = [.. create.Identifiers],
            LastEffectiveAt = create.EffectiveAt,
        };

        var error = SetStock(next, create.Quantity, create.InStock)
            ?? ApplyPreorder(next, create.Preorder)
            ?? SetBackorder(next, create.QuantityOnBackorder);
        if (error is not null)
        {
            return RuleOutcome.Fail(error);
        }

        next.Restriction = create.Restriction;
        return Commit(new InventoryItemState(), next, context, now, ItemOperation.Create);
    }

    private static InventoryError? Update(InventoryItemState next, UpdateInventoryItem update)
    {
        if (RevisionMismatch(next, update.ExpectedRevision) is { } mismatch)
        {
            return mismatch;
        }

        // An update that sets nothing would still make a revision and an empty ledger entry.
        if (update.SetsNothing)
        {
            return new InventoryError(InventoryErrorCode.InvalidArgument, "The update names no field to change (quantity, inStock, productId or preorderInfo).");
        }

        // The variant and location are the item's identity within its tenant (unique together):
        // fixed at creation, so the uniqueness claimed then holds for the item's life.
        if (update.VariantId is not null && !string.Equals(update.VariantId, next.VariantId, StringComparison.Ordinal))
        {
            return new InventoryError(InventoryErrorCode.InvalidArgument, $"variantId cannot be changed (it is '{next.VariantId}'); create an item for the other variant.");
        }

        if (update.LocationId is not null
            && !string.Equals(Locations.OrDefault(update.LocationId), next.LocationId, StringComparison.Ordinal))
        {
            return new InventoryError(InventoryErrorCode.InvalidArgument, $"locationId cannot be changed (it is '{next.LocationId}'); create an item at the other location.");
        }

        if (update.ProductId is not null)
        {
            next.ProductId = update.ProductId;
        }

        return SetStock(next, update.Quantity, update.InStock) ?? ApplyPreorder(next, update.Preorder);
    }

    private static InventoryError? RevisionMismatch(InventoryItemState current, long? expected) =>
        expected is { } revision && revision != current.Revision
            ? new InventoryError(
                InventoryErrorCode.RevisionMismatch,
                $"Revision {revision} is not the current revision {current.Revision}.",
                current.Revision)
            : null;

    /// <summary>The item's last change: it stops existing, and its record stays as a tombstone.</summary>
    private static RuleOutcome Delete(InventoryItemState current, DeleteInventoryItem delete, ChangeContext context, DateTimeOffset now)
    {
        if (RevisionMismatch(current, delete.ExpectedRevision) is { } mismatch)
        {
            return RuleOutcome.Fail(mismatch);
        }

        if (current.HasReservations)
        {
            return RuleOutcome.Fail(HasReservations(current, "deleted"));
        }

        var next = current.Clone();
        next.Exists = false;
        next.Deleted = true;
        return Commit(current, next, context, now, ItemOperation.Delete, [new FieldChange(LedgerFields.Deleted, "false", "true")]);
    }

    /// <summary>quantity and inStock are one-of: a quantity makes the item tracked, inStock untracked.</summary>
    private static InventoryError? SetStock(InventoryItemState next, int? quantity, bool? inStock)
    {
        if (quantity is not null && inStock is not null)
        {
            return new InventoryError(InventoryErrorCode.InvalidArgument, "quantity and inStock are mutually exclusive.");
        }

        if (quantity is { } requested)
        {
            var error = CheckQuantitySet(next.Quantity, requested, next.PreorderCounter);
            if (error is not null)
            {
                return error;
            }

            next.TrackQuantity = true;
            next.Quantity = requested;
            next.InStock = false;
        }
        else if (inStock is { } stocked)
        {
            if (next.TrackQuantity && next.HasReservations)
            {
                return HasReservations(next, "switched to inStock (untracked)");
            }

            // An untracked item has no quantities.
            next.TrackQuantity = false;
            next.InStock = stocked;
            foreach (var name in (ReadOnlySpan<QuantityName>)[QuantityName.Damaged, QuantityName.SafetyStock, QuantityName.QualityControl, QuantityName.Incoming])
            {
                next.Set(name, 0);
            }
        }

        return null;
    }

    private static InventoryError HasReservations(InventoryItemState item, string what) => new(
        InventoryErrorCode.ItemHasReservations,
        $"The item has {item.Reserved} reserved and {item.Committed} committed by reservations; it cannot be {what} until they are released, fulfilled or canceled.");

    /// <summary>
    /// A set never creates or deepens negative stock, and while preorders exist it cannot lower
    /// stock below the preorder counter.
    /// </summary>
    public static InventoryError? CheckQuantitySet(int current, int requested, int preorderCounter)
    {
        var deepensNegative = requested < 0 && requested < current;
        var undercutsPreorders = preorderCounter > 0 && requested < current && requested < preorderCounter;
        return deepensNegative || undercutsPreorders
            ? new InventoryError(
                InventoryErrorCode.RequestedQuantityMustBeNonNegativeDecreasing,
                deepensNegative
                    ? $"Quantity {requested} would create or deepen negative stock (current {current})."
                    : $"Quantity {requested} is below the preorder counter {preorderCounter} (current {current}).")
            : null;
    }

    private static InventoryError? ApplyPreorder(InventoryItemState next, PreorderPatch? patch)
    {
        if (patch is null)
        {
            return null;
        }

        if (patch.Enabled == true && (next.ProductType == ProductType.Digital || next.Subscription))
        {
            return new InventoryError(InventoryErrorCode.PreOrderValidation, "Preorder cannot be enabled for digital or subscription products.");
        }

        if (patch.Limit is { } limit)
        {
            if (!next.TrackQuantity)
            {
                return new InventoryError(InventoryErrorCode.InvalidArgument, "A preorder limit needs trackQuantity.");
            }

            if (limit < 0 || limit < next.PreorderCounter)
            {
                return new InventoryError(InventoryErrorCode.InvalidArgument, $"Preorder limit {limit} is below the preorder counter {next.PreorderCounter}.");
            }

            next.PreorderLimit = limit;
        }

        if (patch.Enabled is { } enabled)
        {
            next.PreorderEnabled = enabled;
        }

        if (patch.Message is not null)
        {
            next.PreorderMessage = patch.Message;
        }

        return null;
    }

    private static InventoryError? SetBackorder(InventoryItemState next, int? quantityOnBackorder)
    {
        if (quantityOnBackorder is { } backorder)
        {
            if (backorder < 0)
            {
                return new InventoryError(InventoryErrorCode.InvalidArgument, "quantityOnBackorder cannot be negative.");
            }

            next.QuantityOnBackorder = backorder;
        }

        return null;
    }

    private static InventoryError? Sync(InventoryItemState next, SyncInventory sync)
    {
        if (sync.ExpectedProductId is { } product && !string.Equals(product, next.ProductId, StringComparison.Ordinal))
        {
            return new InventoryError(
                InventoryErrorCode.ProductMismatch,
                $"The item belongs to product '{next.ProductId}', not '{product}'.");
        }

        if (sync.EffectiveAt is { } at)
        {
            if (next.LastEffectiveAt is { } applied && at <= applied)
            {
                return new InventoryError(
                    InventoryErrorCode.StaleEffectiveTime,
                    $"A record effective at {applied.ToUniversalTime():O} is already applied; this one is effective at {at.ToUniversalTime():O}.");
            }

            next.LastEffectiveAt = at;
        }

        if (sync.SetRestriction)
        {
            next.Restriction = sync.Restriction;
        }

        return SetStock(next, sync.Quantity, inStock: null) ?? SetBackorder(next, sync.QuantityOnBackorder);
    }

    private static InventoryError? Decrement(InventoryItemState next, DecrementInventory decrement)
    {
        var by = decrement.DecrementBy;
        if (by <= 0)
        {
            return new InventoryError(InventoryErrorCode.InvalidArgument, "decrementBy must be positive.");
        }

        if (!next.TrackQuantity)
        {
            return new InventoryError(InventoryErrorCode.TrackQuantityDisabled, "The item is not tracked by quantity.");
        }

        if (decrement.PreorderRequest)
        {
            var fits = next.AvailabilityStatus == AvailabilityStatus.Preorder && (long)next.PreorderCounter + by <= next.PreorderLimit;
            if (!fits)
            {
                return new InventoryError(
                    InventoryErrorCode.PreorderLimitExceeded,
                    $"A preorder of {by} does not fit (status {next.AvailabilityStatus}, counter {next.PreorderCounter}, limit {next.PreorderLimit}).");
            }

            next.PreorderCounter += by;
            return null;
        }

        if (decrement.RestrictInventory && by > next.Quantity)
        {
            return new InventoryError(InventoryErrorCode.InsufficientInventory, $"Cannot take {by}: only {next.Quantity} in stock.");
        }

        var quantity = (long)next.Quantity - by;
        if (quantity < int.MinValue)
        {
            return new InventoryError(InventoryErrorCode.InvalidArgument, "The quantity would overflow.");
        }

        next.Quantity = (int)quantity;
        return null;
    }

    private static InventoryError? Increment(InventoryItemState next, IncrementInventory increment)
    {
        var by = increment.IncrementBy;
        if (by <= 0)
        {
            return new InventoryError(InventoryErrorCode.InvalidArgument, "incrementBy must be positive.");
        }

        if (!next.TrackQuantity)
        {
            return new InventoryError(InventoryErrorCode.TrackQuantityDisabled, "The item is not tracked by quantity.");
        }

        var quantity = (long)next.Quantity + by;
        if (quantity > int.MaxValue)
        {
            return new InventoryError(InventoryErrorCode.InvalidArgument, "The quantity would overflow.");
        }

        next.Quantity = (int)quantity;
        return null;
    }

    private static InventoryError? Adjust(InventoryItemState next, AdjustInventory adjust)
    {
        if (adjust.Delta == 0 || adjust.Delta == int.MinValue)
        {
            return new InventoryError(InventoryErrorCode.InvalidArgument, "The adjustment must be a non-zero amount.");
        }

        if (!next.TrackQuantity)
        {
            if (!adjust.TrackUntracked)
            {
                return new InventoryError(InventoryErrorCode.TrackQuantityDisabled, "The item is not tracked by quantity.");
            }

            // Tracking starts here: the amount is the stock.
            next.TrackQuantity = true;
            next.InStock = false;
            next.Quantity = Math.Abs(adjust.Delta);
            return null;
        }

        if (adjust.Delta < 0 && -adjust.Delta > next.Quantity)
        {
            return new InventoryError(InventoryErrorCode.InsufficientInventory, $"Cannot take {-adjust.Delta}: only {next.Quantity} in stock.");
        }

        var quantity = (long)next.Quantity + adjust.Delta;
        if (quantity > int.MaxValue)
        {
            return new InventoryError(InventoryErrorCode.InvalidArgument, "The quantity would overflow.");
        }

        next.Quantity = (int)quantity;
        return null;
    }

    /// <param name="before">The state the change is measured against (a blank one for a creation).</param>
    /// <param name="fields">What the ledger records as changed: every field that differs, unless given.</param>
    private static RuleOutcome Commit(InventoryItemState before, InventoryItemState next, ChangeContext context, DateTimeOffset now, ItemOperation operation, IReadOnlyList<FieldChange>? fields = null)
    {
        var change = Stamp(before, next, context, now, operation, reference: null, fields);
        return new RuleOutcome(next, [change], null);
    }

    /// <summary>Gives <paramref name="next"/> its revision and time, and the ledger entry that records it.</summary>
    private static ChangeLogEntry Stamp(InventoryItemState before, InventoryItemState next, ChangeContext context, DateTimeOffset now, ItemOperation operation, string? reference, IReadOnlyList<FieldChange>? fields = null)
    {
        next.Revision = before.Revision + 1;
        next.UpdatedDate = now;
        return new ChangeLogEntry(next.Revision, context.Reason, context.Dialect, now, fields ?? LedgerFields.Diff(before, next), context.OperationId)
        {
            Operation = operation,
            Reference = reference,
        };
    }
}

/// <summary>
/// Either the next state with the ledger entries that record it (one per change: one for most
/// commands, one per line of a quantity operation), or the error; never both.
/// </summary>
public readonly record struct RuleOutcome(InventoryItemState? Next, IReadOnlyList<ChangeLogEntry> Changes, InventoryError? Error)
{
    /// <summary>For quantity lines: each quantity each line changed.</summary>
    public IReadOnlyList<QuantityChanged> Quantities { get; init; } = [];

    /// <summary>For quantity lines: every line that could not be applied.</summary>
    public IReadOnlyList<LineRejection> Lines { get; init; } = [];

    public static RuleOutcome Fail(InventoryError error) => new(null, [], error);

    public static RuleOutcome Fail(InventoryErrorCode code, string description) => Fail(new InventoryError(code, description));
}
