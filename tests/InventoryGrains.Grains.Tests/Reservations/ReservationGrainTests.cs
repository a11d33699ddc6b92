using System.Diagnostics;
using InventoryGrains.Abstractions.Inventory;
using InventoryGrains.Abstractions.Reservations;
using InventoryGrains.Domain.Items;
using InventoryGrains.Domain.Reservations;
using InventoryGrains.Grains.Tests.Inventory;
using InventoryGrains.Storage.Items;
using InventoryGrains.Storage.Reservations;
using InventoryGrains.Testing;

namespace InventoryGrains.Grains.Tests.Reservations;

/// <summary>
/// Reservations on a two-silo cluster: holds all or nothing, the transitions and their repeats, the
/// ledger of each item, expiry by itself on time, an unknown outcome repeated, and a flash sale that
/// never oversells.
/// </summary>
public sealed class ReservationGrainTests(AllOrNothingClusterFixture fixture) : IClassFixture<AllOrNothingClusterFixture>
{
    private static readonly ChangeContext Stocked = new(ChangeReason.Received, "service") { ReturnItem = false };
    private readonly string _tenant = $"rsv-{Guid.NewGuid():N}";

    private IReservationGrain Reservation(string id) => fixture.Grains.GetGrain<IReservationGrain>(ReservationKey.Format(_tenant, id));

    private IInventoryItemGrain Item(string id) => fixture.Grains.GetGrain<IInventoryItemGrain>(InventoryItemKey.Format(_tenant, id));

    [Fact]
    public async Task A_reservation_holds_every_line_each_item_records_one_change_and_the_same_request_again_answers_it()
    {
        var (a, b) = (await CreateAsync(10), await CreateAsync(5));
        ReservationLine[] lines = [new(a, 2), new(b, 1), new(a, 1)];

        var created = Assert.IsType<ReservationDone>(await Reservation("r1").CreateAsync(lines, "gid://shop/Checkout/1", TimeSpan.FromMinutes(15)));
        var again = Assert.IsType<ReservationDone>(await Reservation("r1").CreateAsync(lines, "gid://shop/Checkout/1", TimeSpan.FromMinutes(15)));
        var other = Assert.IsType<ReservationRefused>(await Reservation("r1").CreateAsync(lines[..1], "gid://shop/Checkout/1", TimeSpan.FromMinutes(15)));

        Assert.Equal((true, ReservationStatus.Held), (created.Created, created.Reservation.Status));
        Assert.Equal((false, created.Reservation.CreatedAt, ReservationStatus.Held), (again.Created, again.Reservation.CreatedAt, again.Reservation.Status));
        Assert.True(again.Reservation.SameAs(lines, "gid://shop/Checkout/1"));
        Assert.Equal(ReservationErrorCode.Exists, other.Code);
        Assert.Equal((7, 3, 0), await QuantitiesAsync(a));
        Assert.Equal((4, 1, 0), await QuantitiesAsync(b));
        var change = fixture.Items.Inner.Ledger(new ItemKey(_tenant, a))[^1];
        Assert.Equal((ItemOperation.Reserve, ChangeReason.ReservationCreated, "r1", 2L), (change.Operation, change.Reason, change.Reference, change.Revision));
        Assert.Equal(ReservationStatus.Held, (await Reservation("r1").GetAsync())!.Status);
    }

    [Fact]
    public async Task A_line_that_cannot_be_held_holds_nothing_on_any_item_and_every_line_of_its_item_is_named()
    {
        var (a, b) = (await CreateAsync(10), await CreateAsync(1));

        var refused = Assert.IsType<ReservationRefused>(await Reservation("r2").CreateAsync([new(a, 2), new(b, 1), new("missing", 1), new(b, 1)], null, TimeSpan.FromMinutes(1)));

        Assert.Null(refused.Code);
        Assert.Equal([(1, b, InventoryErrorCode.InsufficientInventory, (long?)1), (2, "missing", InventoryErrorCode.InventoryItemNotFound, null), (3, b, InventoryErrorCode.InsufficientInventory, 1)],
            refused.Lines.Select(line => (line.Index, line.ItemId, line.Code, line.Available)).OrderBy(line => line.Index));
        Assert.Equal((10, 0, 0), await QuantitiesAsync(a));
        Assert.Null(await Reservation("r2").GetAsync());
    }

    [Fact]
    public async Task Confirm_then_fulfil_and_release_move_the_quantities_and_a_wrong_transition_names_the_status()
    {
        var a = await CreateAsync(10);
        await HoldAsync("c1", a, 3);
        await HoldAsync("c2", a, 2);

        Assert.Equal(ReservationStatus.Confirmed, Done(await Reservation("c1").ApplyAsync(ReservationAction.Confirm, null)).Status);
        Assert.Equal(ReservationStatus.Confirmed, Done(await Reservation("c1").ApplyAsync(ReservationAction.Confirm, null)).Status);
        Assert.Equal((5, 2, 3), await QuantitiesAsync(a));
        Assert.Equal(ReservationErrorCode.Confirmed, Assert.IsType<ReservationRefused>(await Reservation("c1").ApplyAsync(ReservationAction.Release, null)).Code);

        Assert.Equal(ReservationStatus.Fulfilled, Done(await Reservation("c1").ApplyAsync(ReservationAction.Fulfil, null)).Status);
        Assert.Equal(ReservationStatus.Released, Done(await Reservation("c2").ApplyAsync(ReservationAction.Release, null)).Status);
        Assert.Equal((7, 0, 0), await QuantitiesAsync(a));
        Assert.Equal(ReservationErrorCode.Released, Assert.IsType<ReservationRefused>(await Reservation("c2").ApplyAsync(ReservationAction.Confirm, null)).Code);
        Assert.Equal(ReservationErrorCode.NotFound, Assert.IsType<ReservationRefused>(await Reservation("none").ApplyAsync(ReservationAction.Confirm, null)).Code);
        Assert.Equal(
            [ItemOperation.Create, ItemOperation.Reserve, ItemOperation.Reserve, ItemOperation.Confirm, ItemOperation.Fulfil, ItemOperation.Release],
            fixture.Items.Inner.Ledger(new ItemKey(_tenant, a)).Select(change => change.Operation));
    }

    [Fact]
    public async Task A_confirmed_reservation_canceled_returns_its_stock_to_available()
    {
        var a = await CreateAsync(4);
        await HoldAsync("k1", a, 4);
        Done(await Reservation("k1").ApplyAsync(ReservationAction.Confirm, null));

        Assert.Equal(ReservationStatus.Canceled, Done(await Reservation("k1").ApplyAsync(ReservationAction.Cancel, null)).Status);
        Assert.Equal((4, 0, 0), await QuantitiesAsync(a));
    }

    [Fact]
    public async Task A_held_reservation_expires_by_itself_at_its_time_and_a_later_confirm_is_RESERVATION_EXPIRED()
    {
        var a = await CreateAsync(5);
        var held = await HoldAsync("e1", a, 2, TimeSpan.FromSeconds(1));

        var expired = await Eventually.ReturnsAsync(() => Reservation("e1").GetAsync(), r => r!.Status == ReservationStatus.Expired, TimeSpan.FromSeconds(10), "the reservation to expire", TimeSpan.FromMilliseconds(20));

        Assert.InRange(expired!.UpdatedAt - held.ExpiresAt, TimeSpan.Zero, TimeSpan.FromSeconds(1));
        Assert.Equal((5, 0, 0), await QuantitiesAsync(a));
        Assert.Equal(ReservationErrorCode.Expired, Assert.IsType<ReservationRefused>(await Reservation("e1").ApplyAsync(ReservationAction.Confirm, null)).Code);
        var change = fixture.Items.Inner.Ledger(new ItemKey(_tenant, a))[^1];
        Assert.Equal((ItemOperation.Expire, ChangeReason.ReservationExpired, "e1"), (change.Operation, change.Reason, change.Reference));
    }

    [Fact]
    public async Task The_expiry_sweep_wakes_a_held_reservation_past_its_time_whose_timer_was_lost_and_it_expires()
    {
        // As a silo that stopped would leave it: the hold stored with its item, and no activation to run the timer.
        var a = await CreateAsync(5);
        var id = $"swept-{Guid.NewGuid():N}";
        Assert.IsType<ItemApplied>(await Item(a).ExecuteAsync(new ApplyReservation(id, ReservationStep.Hold, 2),
            new ChangeContext(ChangeReason.ReservationCreated, "service") { OperationId = $"reservation:{id}:hold" }));
        var past = DateTimeOffset.UtcNow.AddMinutes(-1);
        await fixture.Items.WriteReservationAsync(new InventoryGrains.Storage.Reservations.ReservationWrite(_tenant, null,
            new Reservation(id, ReservationStatus.Held, [new(a, 2)], null, past.AddMinutes(-5), past, past.AddMinutes(-5))), []);

        var woken = await fixture.Grains.GetGrain<IReservationExpiryGrain>(0).SweepAsync();

        Assert.True(woken >= 1, $"woke {woken}");
        Assert.Equal(ReservationStatus.Expired, (await Reservation(id).GetAsync())!.Status);
        Assert.Equal((5, 0, 0), await QuantitiesAsync(a));
        Assert.DoesNotContain((_tenant, id), await fixture.Items.ListDueAsync(DateTimeOffset.UtcNow, 1000));
    }

    [Fact]
    public async Task An_activation_that_missed_a_transition_made_elsewhere_reads_the_reservation_back_and_answers_by_it()
    {
        // Another activation (during a change of the cluster) released the hold; this one still believes it held.
        var a = await CreateAsync(5);
        var held = await HoldAsync("stale-1", a, 2);
        Assert.IsType<ItemApplied>(await Item(a).ExecuteAsync(new ApplyReservation("stale-1", ReservationStep.Release, 2),
            new ChangeContext(ChangeReason.ReservationReleased, "service") { OperationId = "reservation:stale-1:release" }));
        await fixture.Items.WriteReservationAsync(new InventoryGrains.Storage.Reservations.ReservationWrite(_tenant, 1,
            held with { Status = ReservationStatus.Released, UpdatedAt = DateTimeOffset.UtcNow }), []);

        var confirm = await Reservation("stale-1").ApplyAsync(ReservationAction.Confirm, null);

        Assert.Equal(ReservationErrorCode.Released, Assert.IsType<ReservationRefused>(confirm).Code);
        Assert.Equal((5, 0, 0), await QuantitiesAsync(a));
    }

    [Fact]
    public async Task An_extension_moves_the_expiry_of_a_held_reservation()
    {
        var a = await CreateAsync(5);
        var held = await HoldAsync("x1", a, 1, TimeSpan.FromSeconds(1));

        var extended = Done(await Reservation("x1").ApplyAsync(ReservationAction.Extend, TimeSpan.FromMinutes(10)));

        Assert.True(extended.ExpiresAt > held.ExpiresAt.AddMinutes(9), $"expires at {extended.ExpiresAt}");
        Assert.Equal(ReservationStatus.Confirmed, Done(await Reservation("x1").ApplyAsync(ReservationAction.Confirm, null)).Status);
    }

    [Fact]
    public async Task A_hold_stored_but_answered_unknown_is_found_held_once_by_the_same_request_again()
    {
        var a = await CreateAsync(5);
        Assert.Null(await Reservation("u1").GetAsync());
        fixture.Items.NextGroupWriteFault = GroupWriteFault.FailAfterStoring;

        var first = await Reservation("u1").CreateAsync([new(a, 2)], null, TimeSpan.FromMinutes(5));
        var again = await Reservation("u1").CreateAsync([new(a, 2)], null, TimeSpan.FromMinutes(5));

        Assert.IsType<ReservationUnknown>(first);
        Assert.Equal(ReservationStatus.Held, Done(again).Status);
        Assert.Equal((3, 2, 0), await QuantitiesAsync(a));
    }

    [Fact]
    public async Task A_hold_that_fails_before_it_is_stored_holds_nothing_and_the_same_request_again_holds_once()
    {
        var a = await CreateAsync(5);
        Assert.Null(await Reservation("u2").GetAsync());
        fixture.Items.NextGroupWriteFault = GroupWriteFault.FailBeforeStoring;

        Assert.IsType<ReservationUnknown>(await Reservation("u2").CreateAsync([new(a, 2)], null, TimeSpan.FromMinutes(5)));
        Assert.Equal((5, 0, 0), await QuantitiesAsync(a));

        Assert.True(Assert.IsType<ReservationDone>(await Reservation("u2").CreateAsync([new(a, 2)], null, TimeSpan.FromMinutes(5))).Created);
        Assert.Equal((3, 2, 0), await QuantitiesAsync(a));
    }

    [Theory]
    [InlineData(GroupWriteFault.FailAfterStoring, 1)]
    [InlineData(GroupWriteFault.FailBeforeStoring, 2)]
    [InlineData(GroupWriteFault.FailAfterStoring, 2)]
    [InlineData(GroupWriteFault.FailBeforeStoring, 1)]
    public async Task A_new_activation_creates_without_reading_and_after_an_unknown_write_reads_back_and_decides_again(GroupWriteFault fault, int lines)
    {
        var items = new List<string>();
        for (var i = 0; i < lines; i++)
        {
            items.Add(await CreateAsync(5));
        }

        var id = $"blind-{fault}-{lines}";
        fixture.Items.NextGroupWriteFault = fault;

        var created = Done(await Reservation(id).CreateAsync([.. items.Select(item => new ReservationLine(item, 2))], null, TimeSpan.FromMinutes(5)));

        Assert.Equal(ReservationStatus.Held, created.Status);
        foreach (var item in items)
        {
            Assert.Equal((3, 2, 0), await QuantitiesAsync(item));
        }
    }

    [Fact]
    public async Task A_repeated_create_on_a_new_activation_finds_the_stored_reservation_even_when_the_stock_is_gone()
    {
        var a = await CreateAsync(2);
        await HoldAsync("again-1", a, 2);
        Assert.Equal(ReservationStatus.Confirmed, Done(await Reservation("again-1").ApplyAsync(ReservationAction.Confirm, null)).Status);
        await fixture.DeactivateIdleAsync();

        var again = Assert.IsType<ReservationDone>(await Reservation("again-1").CreateAsync([new(a, 2)], null, TimeSpan.FromMinutes(5)));

        Assert.False(again.Created);
        Assert.Equal(ReservationStatus.Confirmed, again.Reservation.Status);
        Assert.Equal((0, 0, 2), await QuantitiesAsync(a));
    }

    [Fact]
    public async Task An_item_storing_a_reservation_that_moved_on_stores_none_of_it_and_applies_the_rest_of_its_batch()
    {
        var a = await CreateAsync(50);
        var moved = await HoldAsync("moved-1", a, 1);
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        fixture.Items.BeforeGroupWrite = async keys =>
        {
            if (entered.TrySetResult())
            {
                await release.Task;
            }
        };

        try
        {
            // The first hold's write is held in flight, so what follows is applied as one batch.
            var first = Item(a).ExecuteAsync(Hold("batch-0", a), Context("batch-0"));
            await entered.Task;
            var stale = Item(a).ExecuteAsync(
                new ApplyReservation("moved-1", ReservationStep.Confirm, 1, new ReservationRecord(moved with { Status = ReservationStatus.Confirmed }, ExpectedVersion: 7)),
                new ChangeContext(ChangeReason.ReservationConfirmed, "service") { ReturnItem = false, OperationId = "reservation:moved-1:confirm" });
            var others = Enumerable.Range(1, 10).Select(i => Item(a).ExecuteAsync(Hold($"batch-{i}", a), Context($"batch-{i}"))).ToList();
            await Item(a).GetAsync();
            release.SetResult();

            Assert.IsType<ItemApplied>(await first);
            Assert.Equal(InventoryErrorCode.Unavailable, Assert.IsType<ItemRejected>(await stale).Code);
            Assert.All(await Task.WhenAll(others), outcome => Assert.IsType<ItemApplied>(outcome));
        }
        finally
        {
            fixture.Items.BeforeGroupWrite = null;
            release.TrySetResult();
        }

        Assert.Equal((50 - 12, 12, 0), await QuantitiesAsync(a));
        Assert.Equal((ReservationStatus.Held, 1L), await StoredAsync("moved-1"));
        for (var i = 0; i <= 10; i++)
        {
            Assert.Equal((ReservationStatus.Held, 1L), await StoredAsync($"batch-{i}"));
        }

        static ApplyReservation Hold(string id, string itemId)
        {
            var now = DateTimeOffset.UtcNow;
            return new ApplyReservation(id, ReservationStep.Hold, 1,
                new ReservationRecord(new Reservation(id, ReservationStatus.Held, [new(itemId, 1)], null, now, now.AddMinutes(5), now), ExpectedVersion: null));
        }

        static ChangeContext Context(string id) => new(ChangeReason.ReservationCreated, "service") { ReturnItem = false, OperationId = $"reservation:{id}:hold" };
    }

    [Fact]
    public async Task A_flash_sale_of_many_buyers_on_one_item_holds_exactly_its_stock()
    {
        const int stock = 20;
        var a = await CreateAsync(stock);
        var clock = Stopwatch.StartNew();

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 60).Select(buyer => Reservation($"buyer-{buyer}").CreateAsync([new(a, 1)], null, TimeSpan.FromMinutes(5))));

        Assert.Equal(stock, outcomes.Count(outcome => outcome is ReservationDone));
        Assert.All(outcomes.OfType<ReservationRefused>(), refused => Assert.Equal(InventoryErrorCode.InsufficientInventory, Assert.Single(refused.Lines).Code));
        Assert.Equal((0, stock, 0), await QuantitiesAsync(a));
        Assert.True(clock.Elapsed < AllOrNothingClusterFixture.HoldTimeout * 5, $"60 holds took {clock.Elapsed}");
    }

    private static Reservation Done(ReservationOutcome outcome) => Assert.IsType<ReservationDone>(outcome).Reservation;

    private async Task<Reservation> HoldAsync(string id, string itemId, int quantity, TimeSpan? expiresIn = null) =>
        Done(await Reservation(id).CreateAsync([new(itemId, quantity)], null, expiresIn ?? TimeSpan.FromMinutes(5)));

    private async Task<(ReservationStatus Status, long Version)?> StoredAsync(string id) =>
        await fixture.Items.ReadReservationAsync(_tenant, id) is { } stored ? (stored.Reservation.Status, stored.Version) : null;

    private async Task<(int Available, int Reserved, int Committed)> QuantitiesAsync(string id)
    {
        var quantities = (await Item(id).GetAsync())!.Quantities!;
        return (quantities.Available, quantities.Reserved, quantities.Committed);
    }

    private async Task<string> CreateAsync(int available)
    {
        var id = Guid.NewGuid().ToString();
        Assert.IsType<ItemApplied>(await Item(id).ExecuteAsync(new CreateInventoryItem { VariantId = id, Quantity = available }, Stocked));
        return id;
    }
}
