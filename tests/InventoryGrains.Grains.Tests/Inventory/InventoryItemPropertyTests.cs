using CsCheck;
using InventoryGrains.Abstractions.Inventory;
using InventoryGrains.Grains.Inventory;
using InventoryGrains.Storage.Items;
using InventoryGrains.Domain.Items;

namespace InventoryGrains.Grains.Tests.Inventory;

/// <summary>
/// Generated sequences of commands run through the item rules and through a model written from
/// SPEC §3 alone; after every command both must agree on the outcome (the error code, or the new
/// state) and a refused command must change nothing.
/// </summary>
public sealed class InventoryItemPropertyTests
{
    private static readonly ChangeContext Context = new(ChangeReason.Manual, "test");
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);

    /// <summary>An item as SPEC §3 describes it; nothing here comes from the grain's code.</summary>
    private sealed record Model(bool Track, int Quantity, bool InStock, bool Preorder, int Limit, int Counter, long Revision, bool Digital)
    {
        public AvailabilityStatus Status => Track
            ? Quantity > 0 ? AvailabilityStatus.InStock : Preorder && Counter < Limit ? AvailabilityStatus.Preorder : AvailabilityStatus.OutOfStock
            : InStock ? AvailabilityStatus.InStock : Preorder ? AvailabilityStatus.Preorder : AvailabilityStatus.OutOfStock;

        public (Model? Next, InventoryErrorCode? Error) Apply(InventoryCommand command)
        {
            var (next, error) = command switch
            {
                UpdateInventoryItem { Quantity: { } q } => Set(q),
                UpdateInventoryItem { InStock: { } b } => (this with { Track = false, InStock = b }, null),
                UpdateInventoryItem { Preorder: { } p } => PreorderChange(p),
                IncrementInventory i => Increment(i.IncrementBy),
                DecrementInventory d => Decrement(d),
                _ => throw new InvalidOperationException(),
            };
            return error is null ? (next! with { Revision = Revision + 1 }, null) : (null, error);
        }

        private (Model?, InventoryErrorCode?) Set(int q) =>
            (q < 0 && q < Quantity) || (Counter > 0 && q < Quantity && q < Counter)
                ? (null, InventoryErrorCode.RequestedQuantityMustBeNonNegativeDecreasing)
                : (this with { Track = true, Quantity = q, InStock = false }, null);

        private (Model?, InventoryErrorCode?) PreorderChange(PreorderPatch patch)
        {
            if (patch.Enabled == true && Digital)
            {
                return (null, InventoryErrorCode.PreOrderValidation);
            }

            if (patch.Limit is { } limit && (!Track || limit < 0 || limit < Counter))
            {
                return (null, InventoryErrorCode.InvalidArgument);
            }

            return (this with { Preorder = patch.Enabled ?? Preorder, Limit = patch.Limit ?? Limit }, null);
        }

        private (Model?, InventoryErrorCode?) Increment(int by) =>
            by <= 0 ? (null, InventoryErrorCode.InvalidArgument)
            : !Track ? (null, InventoryErrorCode.TrackQuantityDisabled)
            : (long)Quantity + by > int.MaxValue ? (null, InventoryErrorCode.InvalidArgument)
            : (this with { Quantity = Quantity + by }, null);

        private (Model?, InventoryErrorCode?) Decrement(DecrementInventory d)
        {
            if (d.DecrementBy <= 0)
            {
                return (null, InventoryErrorCode.InvalidArgument);
            }

            if (!Track)
            {
                return (null, InventoryErrorCode.TrackQuantityDisabled);
            }

            if (d.PreorderRequest)
            {
                return Status == AvailabilityStatus.Preorder && (long)Counter + d.DecrementBy <= Limit
                    ? (this with { Counter = Counter + d.DecrementBy }, null)
                    : (null, InventoryErrorCode.PreorderLimitExceeded);
            }

            return d.RestrictInventory && d.DecrementBy > Quantity
                ? (null, InventoryErrorCode.InsufficientInventory)
                : (this with { Quantity = Quantity - d.DecrementBy }, null);
        }
    }

    private static readonly Gen<int> SmallInt = Gen.Int[-6, 25];

    private static Gen<InventoryCommand> Command() => Gen.OneOf<InventoryCommand>(
        SmallInt.Select(q => (InventoryCommand)new UpdateInventoryItem { ExpectedRevision = 0, Quantity = q }),
        Gen.Bool.Select(b => (InventoryCommand)new UpdateInventoryItem { ExpectedRevision = 0, InStock = b }),
        Gen.Select(Gen.Bool, Gen.Int[-2, 20], Gen.Int[0, 3], (enabledValue, limitValue, absent) =>
            (InventoryCommand)new UpdateInventoryItem { ExpectedRevision = 0, Preorder = new PreorderPatch(absent == 1 ? null : enabledValue, null, absent == 2 ? null : limitValue) }),
        Gen.Int[-1, 8].Select(by => (InventoryCommand)new IncrementInventory(by)),
        Gen.Select(Gen.Int[-1, 8], Gen.Bool, Gen.Bool, (by, preorder, restrict) => (InventoryCommand)new DecrementInventory(by, preorder, restrict)));

    [Fact]
    public void The_rules_agree_with_the_model_of_the_contract_over_generated_command_sequences()
    {
        var scenario = Gen.Select(Gen.Int[0, 25], Gen.Bool, Command().Array[1, 40]);
        scenario.Sample((initial, digital, commands) =>
        {
            var state = InventoryItemRules.Apply(new InventoryItemState(), "item", new CreateInventoryItem
            {
                VariantId = "v",
                Quantity = initial,
                ProductType = digital ? ProductType.Digital : ProductType.Physical,
            }, Context, Now).Next!;
            var model = new Model(true, initial, false, false, InventoryItemState.DefaultPreorderLimit, 0, 1, digital);

            foreach (var generated in commands)
            {
                // Updates quote the current revision: the revision check has tests of its own.
                var command = generated is UpdateInventoryItem update ? update with { ExpectedRevision = state.Revision } : generated;
                var actual = InventoryItemRules.Apply(state, "item", command, Context, Now);
                var (expected, expectedError) = model.Apply(command);

                if (expectedError is { } code)
                {
                    Assert.Null(actual.Next);
                    Assert.Equal(code, actual.Error!.Code);
                    continue;
                }

                Assert.True(actual.Error is null, $"{command} was refused with {actual.Error?.Code}: {actual.Error?.Description}");
                state = actual.Next!;
                model = expected!;
                Assert.Equal(
                    (model.Track, model.Quantity, model.Preorder, model.Limit, model.Counter, model.Revision, model.Status),
                    (state.TrackQuantity, state.Quantity, state.PreorderEnabled, state.PreorderLimit, state.PreorderCounter, state.Revision, state.AvailabilityStatus));
                if (!model.Track)
                {
                    Assert.Equal(model.InStock, state.InStock);
                }
            }
        }, iter: 2000);
    }
}
