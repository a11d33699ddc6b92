using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using InventoryGrains.Abstractions.Inventory;
using InventoryGrains.Abstractions.Reservations;
using InventoryGrains.Domain.Items;
using InventoryGrains.Domain.Reservations;
using InventoryGrains.Grains.Tests.Inventory;
using InventoryGrains.LoadTest.Checking;
using InventoryGrains.Storage.Items;

namespace InventoryGrains.Grains.Tests.Reservations;

/// <summary>
/// Many buyers hold, confirm and release on two hot items at once, every call timed; then, per item,
/// the stored changes must be exactly the acknowledged transitions, in an order that respects real
/// time (<see cref="RealTimeOrderChecker"/>), and replaying them must never take a quantity below
/// zero nor sell beyond the stock.
/// </summary>
public sealed class ReservationLinearizabilityTests(InventoryClusterFixture fixture) : IClassFixture<InventoryClusterFixture>
{
    private const int Buyers = 12;
    private const int CheckoutsPerBuyer = 15;
    private const int Stock = 40;
    private readonly string _tenant = $"rlin-{Guid.NewGuid():N}";

    [Fact]
    public async Task Holds_confirms_and_releases_on_hot_items_form_one_real_time_history_per_item_and_never_oversell()
    {
        string[] items = ["hot-a", "hot-b"];
        foreach (var id in items)
        {
            Assert.IsType<ItemApplied>(await Item(id).ExecuteAsync(new CreateInventoryItem { VariantId = id, Quantity = Stock }, new ChangeContext(ChangeReason.Received, "test")));
        }

        var acknowledged = new ConcurrentBag<(IReadOnlyList<ReservationLine> Lines, AcknowledgedCall Call, ItemOperation Operation)>();
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, Buyers).Select(buyer => Task.Run(async () =>
        {
            var random = new Random(buyer);
            for (var n = 0; n < CheckoutsPerBuyer; n++)
            {
                var id = $"b{buyer}-{n}";
                var reservation = fixture.Grains.GetGrain<IReservationGrain>(ReservationKey.Format(_tenant, id));
                IReadOnlyList<ReservationLine> lines = random.Next(3) == 0
                    ? [new("hot-a", 1 + random.Next(3)), new("hot-b", 1 + random.Next(3))]
                    : [new(items[random.Next(2)], 1 + random.Next(3))];
                var sent = clock.ElapsedTicks;
                if (await reservation.CreateAsync(lines, null, TimeSpan.FromMinutes(10)) is not ReservationDone)
                {
                    continue;
                }

                acknowledged.Add((lines, new AcknowledgedCall($"{id}:reserve", sent, clock.ElapsedTicks), ItemOperation.Reserve));
                var action = random.Next(3) == 0 ? ReservationAction.Release : ReservationAction.Confirm;
                sent = clock.ElapsedTicks;
                Assert.IsType<ReservationDone>(await reservation.ApplyAsync(action, null));
                acknowledged.Add((lines, new AcknowledgedCall($"{id}:{(action == ReservationAction.Confirm ? "confirm" : "release")}", sent, clock.ElapsedTicks),
                    action == ReservationAction.Confirm ? ItemOperation.Confirm : ItemOperation.Release));
            }
        })));

        foreach (var id in items)
        {
            var ledger = fixture.Items.Inner.Ledger(new ItemKey(_tenant, id));
            var stored = ledger.Where(change => change.Reference is not null)
                .Select(change => ($"{change.Reference}:{change.Operation!.Value.Code()}", change.Revision)).ToList();
            var calls = acknowledged.Where(entry => entry.Lines.Any(line => line.ItemId == id)).Select(entry => entry.Call).ToList();
            Assert.Empty(RealTimeOrderChecker.Check(id, calls, stored));
            Assert.True(calls.Count > 20, $"{id}: too few transitions to judge ({calls.Count})");

            // Replayed in revision order, no quantity goes below zero, and the stock is what it was.
            var (available, reserved, committed) = ((long)Stock, 0L, 0L);
            foreach (var change in ledger.Skip(1))
            {
                foreach (var field in change.Changes)
                {
                    var after = long.Parse(field.After, CultureInfo.InvariantCulture);
                    switch (field.Field)
                    {
                        case LedgerFields.Quantity: available = after; break;
                        case LedgerFields.Reserved: reserved = after; break;
                        case LedgerFields.Committed: committed = after; break;
                    }
                }

                Assert.True(available >= 0 && reserved >= 0 && committed >= 0, $"{id} at revision {change.Revision}: {available}/{reserved}/{committed}");
                Assert.Equal(Stock, available + reserved + committed);
            }

            var sold = acknowledged.Where(entry => entry.Operation == ItemOperation.Confirm).SelectMany(entry => entry.Lines).Where(line => line.ItemId == id).Sum(line => line.Quantity);
            Assert.Equal((Stock - sold, 0L, (long)sold), (available, reserved, committed));
        }
    }

    private IInventoryItemGrain Item(string id) => fixture.Grains.GetGrain<IInventoryItemGrain>(InventoryItemKey.Format(_tenant, id));
}
