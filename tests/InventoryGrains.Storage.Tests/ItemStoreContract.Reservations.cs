using InventoryGrains.Domain.Reservations;
using InventoryGrains.Storage.Items;
using InventoryGrains.Storage.Reservations;

namespace InventoryGrains.Storage.Tests;

/// <summary>What every store promises of reservations: stored with their items' writes in one commit, version checked, listed newest first.</summary>
public abstract partial class ItemStoreContract
{
    private IReservationStore Reservations => (IReservationStore)Store;

    private IReservationStore SecondReservations => (IReservationStore)SecondStore;

    private static Reservation Reservation(string id, ReservationStatus status, DateTimeOffset createdAt, string? reference = null) =>
        new(id, status, [new ReservationLine("item-a", 2), new ReservationLine("item-b", 1)], reference, createdAt, createdAt.AddMinutes(15), createdAt);

    [Fact]
    public async Task A_reservation_is_stored_with_its_items_writes_and_read_back_as_written()
    {
        var (a, b) = (Key("r-a"), Key("r-b"));
        var (va, vb) = (await Store.WriteAsync(Write(a, null, 1, 5, Change(1, 0, 5))), await Store.WriteAsync(Write(b, null, 1, 5, Change(1, 0, 5))));
        var held = Reservation("res-1", ReservationStatus.Held, Now, "gid://shop/Checkout/1");

        var (version, items) = await Reservations.WriteReservationAsync(new ReservationWrite(Tenant, null, held), [Write(a, va, 2, 3, Change(2, 5, 3)), Write(b, vb, 2, 4, Change(2, 5, 4))]);
        var confirmed = held with { Status = ReservationStatus.Confirmed, UpdatedAt = Now.AddMinutes(1) };
        var (next, _) = await Reservations.WriteReservationAsync(new ReservationWrite(Tenant, version, confirmed), []);

        Assert.Equal((1L, 2L), (version, next));
        Assert.Equal([va + 1, vb + 1], items);
        var stored = (await SecondReservations.ReadReservationAsync(Tenant, "res-1"))!;
        Assert.Equal((2L, ReservationStatus.Confirmed, "gid://shop/Checkout/1", Now, Now.AddMinutes(15), Now.AddMinutes(1)),
            (stored.Version, stored.Reservation.Status, stored.Reservation.Reference, stored.Reservation.CreatedAt, stored.Reservation.ExpiresAt, stored.Reservation.UpdatedAt));
        Assert.Equal(held.Lines, stored.Reservation.Lines);
        Assert.Equal(3, (await Store.ReadAsync(a, 0))!.State.Quantity);
        Assert.Null(await Reservations.ReadReservationAsync("other-" + Tenant, "res-1"));
    }

    [Fact]
    public async Task A_stale_item_stores_nothing_of_the_reservation_and_a_stale_reservation_nothing_of_the_items()
    {
        var a = Key("s-a");
        var version = await Store.WriteAsync(Write(a, null, 1, 5, Change(1, 0, 5)));
        var held = Reservation("res-2", ReservationStatus.Held, Now);

        await Assert.ThrowsAsync<ItemVersionConflictException>(() => Reservations.WriteReservationAsync(new ReservationWrite(Tenant, null, held), [Write(a, version + 7, 2, 3, Change(2, 5, 3))]));
        Assert.Null(await Reservations.ReadReservationAsync(Tenant, "res-2"));

        await Reservations.WriteReservationAsync(new ReservationWrite(Tenant, null, held), []);
        await Assert.ThrowsAsync<ReservationVersionConflictException>(() => Reservations.WriteReservationAsync(new ReservationWrite(Tenant, null, held), [Write(a, version, 2, 3, Change(2, 5, 3))]));
        await Assert.ThrowsAsync<ReservationVersionConflictException>(() => Reservations.WriteReservationAsync(new ReservationWrite(Tenant, 5, held), [Write(a, version, 2, 3, Change(2, 5, 3))]));
        Assert.Equal((5, version), ((await Store.ReadAsync(a, 0))!.State.Quantity, (await Store.ReadAsync(a, 0))!.Version));
        Assert.Single(await LedgerAsync(a));
    }

    [Fact]
    public async Task An_item_stores_several_reservations_with_its_write_in_one_commit_and_a_stale_one_stores_nothing_and_is_named()
    {
        var a = Key("m-a");
        var version = await Store.WriteAsync(Write(a, null, 1, 10, Change(1, 0, 10)));
        await Reservations.WriteReservationAsync(new ReservationWrite(Tenant, null, Reservation("multi-0", ReservationStatus.Held, Now)), []);
        var next = Reservation("multi-0", ReservationStatus.Confirmed, Now);

        var (reservations, items) = await Reservations.WriteReservationsAsync(
            [new ReservationWrite(Tenant, 1, next), new ReservationWrite(Tenant, null, Reservation("multi-1", ReservationStatus.Held, Now)), new ReservationWrite(Tenant, null, Reservation("multi-2", ReservationStatus.Held, Now))],
            [Write(a, version, 2, 8, Change(2, 10, 8))]);

        Assert.Equal([2L, 1L, 1L], reservations);
        Assert.Equal([version + 1], items);
        var conflict = await Assert.ThrowsAsync<ReservationVersionConflictException>(() => Reservations.WriteReservationsAsync(
            [new ReservationWrite(Tenant, null, Reservation("multi-3", ReservationStatus.Held, Now)), new ReservationWrite(Tenant, 1, next)],
            [Write(a, version + 1, 3, 6, Change(3, 8, 6))]));
        Assert.Equal("multi-0", conflict.ReservationId);
        Assert.Null(await SecondReservations.ReadReservationAsync(Tenant, "multi-3"));
        Assert.Equal((ReservationStatus.Confirmed, 2L), ((await SecondReservations.ReadReservationAsync(Tenant, "multi-0"))!.Reservation.Status, (await SecondReservations.ReadReservationAsync(Tenant, "multi-0"))!.Version));
        Assert.Equal((8, version + 1), ((await Store.ReadAsync(a, 0))!.State.Quantity, (await Store.ReadAsync(a, 0))!.Version));
        Assert.Equal(2, (await LedgerAsync(a)).Count);
    }

    [Fact]
    public async Task Reservations_are_listed_newest_first_by_status_and_reference_and_pages_walk_them_whole()
    {
        var written = new List<Reservation>();
        for (var i = 0; i < 7; i++)
        {
            // Two pairs share a creation time: the id, by code point and descending, orders them.
            var reservation = Reservation($"res-{i}", i % 3 == 0 ? ReservationStatus.Released : ReservationStatus.Held, Now.AddSeconds(i / 2), i % 2 == 0 ? "cart-even" : null);
            await Reservations.WriteReservationAsync(new ReservationWrite(Tenant, null, reservation), []);
            written.Add(reservation);
        }

        await Reservations.WriteReservationAsync(new ReservationWrite("other-" + Tenant, null, Reservation("res-x", ReservationStatus.Held, Now.AddHours(1))), []);
        var newest = written.OrderByDescending(r => r.CreatedAt).ThenByDescending(r => r.Id, StringComparer.Ordinal).Select(r => r.Id).ToList();

        Assert.Equal(newest, await WalkAsync(null, null, 3));
        Assert.Equal(newest.Where(id => written.Single(r => r.Id == id).Status == ReservationStatus.Released), await WalkAsync(ReservationStatus.Released, null, 1));
        Assert.Equal(newest.Where(id => written.Single(r => r.Id == id).Reference == "cart-even"), await WalkAsync(null, "cart-even", 2));
        Assert.Empty(await WalkAsync(ReservationStatus.Fulfilled, null, 5));
    }

    private async Task<List<string>> WalkAsync(ReservationStatus? status, string? reference, int limit)
    {
        var ids = new List<string>();
        ReservationPosition? after = null;
        do
        {
            var page = await SecondReservations.ListReservationsAsync(Tenant, status, reference, after, limit);
            Assert.True(page.Reservations.Count <= limit);
            ids.AddRange(page.Reservations.Select(r => r.Id));
            after = page.Next;
        }
        while (after is not null);

        return ids;
    }
}
