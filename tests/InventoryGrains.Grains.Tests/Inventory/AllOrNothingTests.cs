using System.Diagnostics;
using InventoryGrains.Abstractions.Inventory;
using InventoryGrains.Abstractions.Inventory.Quantities;
using InventoryGrains.Domain.Items;
using InventoryGrains.Grains.Inventory;
using InventoryGrains.Storage.Items;
using InventoryGrains.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace InventoryGrains.Grains.Tests.Inventory;

/// <summary>Items hold for a prepared group write for at most a second here.</summary>
public sealed class AllOrNothingClusterFixture : InventoryClusterFixture
{
    public static readonly TimeSpan HoldTimeout = TimeSpan.FromSeconds(1);

    protected override void ConfigureServices(IServiceCollection services) =>
        services.Configure<AllOrNothingOptions>(options => options.HoldTimeout = HoldTimeout);
}

/// <summary>
/// Quantity operations over several items apply on every item or on none: when an item refuses, when
/// the store fails before or after the commit, when the coordinator is lost while items hold; items
/// that hold make other changes wait, and groups over the same items never wait on each other.
/// </summary>
public sealed class AllOrNothingTests(AllOrNothingClusterFixture fixture) : IClassFixture<AllOrNothingClusterFixture>
{
    private static readonly ChangeContext Received = new(ChangeReason.Received, "service") { ReturnItem = false };
    private readonly string _tenant = $"aon-{Guid.NewGuid():N}";

    private IInventoryItemGrain Item(string id) => fixture.Grains.GetGrain<IInventoryItemGrain>(InventoryItemKey.Format(_tenant, id));

    private Task<GroupOutcome> RunAsync(ChangeContext context, params (string ItemId, QuantityLine Line)[] lines) =>
        fixture.Grains.QuantityOperations().ExecuteAsync(_tenant,
            [.. lines.GroupBy(line => line.ItemId).Select(item => new ItemQuantityLines(item.Key, [.. item.Select(line => line.Line)]))],
            "gid://shop/Transfer/1", context);

    private static MoveQuantityLine Receive(int index, int quantity) => new(index, quantity, QuantityName.Incoming, null, QuantityName.Available, null);

    private static AdjustQuantityLine Incoming(int index, int delta) => new(index, QuantityName.Incoming, delta, null);

    [Fact]
    public async Task Lines_of_several_items_are_applied_on_every_item_in_one_group_write()
    {
        var (a, b) = (await CreateAsync(10, incoming: 5), await CreateAsync(1, incoming: 2));
        var before = fixture.Items.GroupWrites;

        var outcome = await RunAsync(Received, (a, Receive(0, 5)), (b, Receive(1, 2)));

        var applied = Assert.IsType<GroupApplied>(outcome);
        Assert.Equal([a, b], applied.Items.Select(item => item.ItemId));
        Assert.Equal([(0, QuantityName.Incoming, -5), (0, QuantityName.Available, 5)], applied.Items[0].Quantities.Select(q => (q.Index, q.Name, q.Delta)));
        Assert.Equal((15, 0), await QuantitiesAsync(a, QuantityName.Available, QuantityName.Incoming));
        Assert.Equal((3, 0), await QuantitiesAsync(b, QuantityName.Available, QuantityName.Incoming));
        Assert.Equal(before + 1, fixture.Items.GroupWrites);
        var change = fixture.Items.Inner.Ledger(new ItemKey(_tenant, a))[^1];
        Assert.Equal((ItemOperation.Move, ChangeReason.Received, "gid://shop/Transfer/1"), (change.Operation, change.Reason, change.Reference));
    }

    [Fact]
    public async Task One_item_refusing_its_line_applies_nothing_on_any_item_and_names_it()
    {
        var (a, b) = (await CreateAsync(10, incoming: 5), await CreateAsync(1, incoming: 1));
        var before = fixture.Items.GroupWrites;

        var outcome = await RunAsync(Received, (a, Receive(0, 5)), (b, Receive(1, 2)));

        var rejected = Assert.IsType<GroupRejected>(outcome);
        var line = Assert.Single(Assert.Single(rejected.Items).Lines);
        Assert.Equal((1, InventoryErrorCode.InsufficientInventory, 1L), (line.Index, line.Code, line.Current));
        Assert.Equal((10, 5), await QuantitiesAsync(a, QuantityName.Available, QuantityName.Incoming));
        Assert.Equal(before, fixture.Items.GroupWrites);

        // The item that would have applied its line holds no more.
        Assert.IsType<ItemApplied>(await Item(a).ExecuteAsync(new DecrementInventory(1, false, true), Received));
    }

    [Fact]
    public async Task A_group_write_that_fails_before_storing_applies_nothing_and_releases_every_item()
    {
        var (a, b) = (await CreateAsync(10, incoming: 5), await CreateAsync(1, incoming: 2));
        fixture.Items.NextGroupWriteFault = GroupWriteFault.FailBeforeStoring;

        var outcome = await RunAsync(Received, (a, Receive(0, 5)), (b, Receive(1, 2)));

        Assert.IsType<GroupUnknown>(outcome);
        Assert.Equal((10, 5), await QuantitiesAsync(a, QuantityName.Available, QuantityName.Incoming));
        Assert.Equal((1, 2), await QuantitiesAsync(b, QuantityName.Available, QuantityName.Incoming));
        var clock = Stopwatch.StartNew();
        Assert.IsType<ItemApplied>(await Item(b).ExecuteAsync(new IncrementInventory(1), Received));
        Assert.True(clock.Elapsed < AllOrNothingClusterFixture.HoldTimeout, $"the item held on for {clock.Elapsed}");
    }

    [Fact]
    public async Task A_group_stored_but_answered_unknown_is_on_every_item_and_its_keyed_repeat_applies_nothing_twice()
    {
        var (a, b) = (await CreateAsync(10, incoming: 5), await CreateAsync(1, incoming: 2));
        var keyed = Received with { OperationId = "key-lost#0" };
        fixture.Items.NextGroupWriteFault = GroupWriteFault.FailAfterStoring;

        var first = await RunAsync(keyed, (a, Receive(0, 5)), (b, Receive(1, 2)));
        var repeat = await RunAsync(keyed, (a, Receive(0, 5)), (b, Receive(1, 2)));

        Assert.IsType<GroupUnknown>(first);
        var replayed = Assert.IsType<GroupApplied>(repeat);
        Assert.All(replayed.Items, item => Assert.True(item.Replayed));
        Assert.Equal([(1, QuantityName.Incoming, -2, 0L), (1, QuantityName.Available, 2, 3L)],
            replayed.Items[1].Quantities.Select(q => (q.Index, q.Name, q.Delta, q.QuantityAfterChange)));
        Assert.Equal((15, 0), await QuantitiesAsync(a, QuantityName.Available, QuantityName.Incoming));
        Assert.Equal((3, 0), await QuantitiesAsync(b, QuantityName.Available, QuantityName.Incoming));
        Assert.Equal([ItemOperation.Create, ItemOperation.Adjust, ItemOperation.Move], fixture.Items.Inner.Ledger(new ItemKey(_tenant, a)).Select(change => change.Operation));
    }

    [Fact]
    public async Task A_change_sent_to_an_item_holding_for_a_group_waits_until_the_group_is_stored()
    {
        var (a, b) = (await CreateAsync(10, incoming: 5), await CreateAsync(1, incoming: 2));
        var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        fixture.Items.BeforeGroupWrite = async keys =>
        {
            if (keys.Contains(new ItemKey(_tenant, a)))
            {
                reached.TrySetResult();
                await release.Task;
            }
        };
        try
        {
            var group = RunAsync(Received, (a, Receive(0, 5)), (b, Receive(1, 2)));
            await reached.Task;
            var decrement = Item(a).ExecuteAsync(new DecrementInventory(1, false, true), Received with { ReturnItem = true });
            await Task.Delay(100);
            Assert.False(decrement.IsCompleted, "a change was applied while its item held for a group");

            release.SetResult();
            Assert.IsType<GroupApplied>(await group);
            var after = (await decrement).AppliedItem();
            Assert.Equal((4L, 14), (after.Revision, after.Quantity));
        }
        finally
        {
            fixture.Items.BeforeGroupWrite = null;
        }
    }

    [Fact]
    public async Task An_item_whose_coordinator_is_lost_holds_no_longer_than_its_hold_timeout_and_then_reads_itself_back()
    {
        var a = await CreateAsync(10, incoming: 5);
        var prepared = await Item(a).PrepareAsync("lost-coordinator", new ChangeQuantities([Receive(0, 5)], null), Received);
        Assert.NotNull(prepared.Write);

        var clock = Stopwatch.StartNew();
        var decrement = await Item(a).ExecuteAsync(new DecrementInventory(1, false, true), Received);

        Assert.IsType<ItemApplied>(decrement);
        Assert.InRange(clock.Elapsed, AllOrNothingClusterFixture.HoldTimeout * 0.8, AllOrNothingClusterFixture.HoldTimeout * 4);
        Assert.Equal((9, 5), await QuantitiesAsync(a, QuantityName.Available, QuantityName.Incoming));

        // The coordinator's late word changes nothing: the prepared write was never stored.
        await Item(a).CompleteAsync("lost-coordinator", PreparedWriteEnd.Abandoned, null);
        Assert.Equal((9, 5), await QuantitiesAsync(a, QuantityName.Available, QuantityName.Incoming));
    }

    [Fact]
    public async Task A_group_stored_after_its_item_stopped_holding_is_read_back_when_the_item_is_told()
    {
        var a = await CreateAsync(10, incoming: 5);
        var prepared = (await Item(a).PrepareAsync("late-commit", new ChangeQuantities([Receive(0, 5)], null), Received)).Write!;
        await Task.Delay(AllOrNothingClusterFixture.HoldTimeout * 1.5);

        // The coordinator stores the group late; nothing else wrote the item, so its version still matches.
        var versions = await fixture.Items.WriteGroupAsync([new ItemWrite(new ItemKey(_tenant, a), prepared.ExpectedVersion, prepared.State, prepared.Changes)]);
        await Item(a).CompleteAsync("late-commit", PreparedWriteEnd.Stored, versions[0]);

        Assert.Equal((15, 0), await QuantitiesAsync(a, QuantityName.Available, QuantityName.Incoming));
        Assert.IsType<ItemApplied>(await Item(a).ExecuteAsync(new DecrementInventory(1, false, true), Received));
        Assert.Equal((14, 0), await QuantitiesAsync(a, QuantityName.Available, QuantityName.Incoming));
    }

    [Fact]
    public async Task Groups_over_the_same_items_in_every_order_all_apply_without_waiting_on_each_other()
    {
        var items = new[] { await CreateAsync(0, 0), await CreateAsync(0, 0), await CreateAsync(0, 0), await CreateAsync(0, 0) };
        var random = new Random(7);
        var groups = Enumerable.Range(0, 40).Select(_ => items.OrderBy(_ => random.Next()).Take(2 + random.Next(3)).ToArray()).ToList();
        var clock = Stopwatch.StartNew();

        var outcomes = await Task.WhenAll(groups.Select(group => RunAsync(Received, [.. group.Select((item, index) => (item, (QuantityLine)Incoming(index, 1)))])));

        Assert.All(outcomes, outcome => Assert.IsType<GroupApplied>(outcome));
        Assert.True(clock.Elapsed < AllOrNothingClusterFixture.HoldTimeout, $"40 groups took {clock.Elapsed}: some waited on a hold to time out");
        foreach (var item in items)
        {
            Assert.Equal((groups.Count(group => group.Contains(item)), 0), await QuantitiesAsync(item, QuantityName.Incoming, QuantityName.Reserved));
        }
    }

    private async Task<(int, int)> QuantitiesAsync(string id, QuantityName first, QuantityName second)
    {
        var quantities = (await Item(id).GetAsync())!.Quantities!;
        return ((int)quantities[first], (int)quantities[second]);
    }

    private async Task<string> CreateAsync(int available, int incoming)
    {
        var id = Guid.NewGuid().ToString();
        Assert.IsType<ItemApplied>(await Item(id).ExecuteAsync(new CreateInventoryItem { VariantId = id, Quantity = available }, Received));
        if (incoming > 0)
        {
            Assert.IsType<ItemApplied>(await Item(id).ExecuteAsync(new ChangeQuantities([Incoming(0, incoming)], null), Received));
        }

        return id;
    }
}
