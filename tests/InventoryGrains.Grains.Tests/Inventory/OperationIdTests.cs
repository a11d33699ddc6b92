using InventoryGrains.Abstractions.Inventory;
using InventoryGrains.Storage.Items;
using InventoryGrains.Domain.Items;

namespace InventoryGrains.Grains.Tests.Inventory;

/// <summary>
/// An item applies an idempotent operation once: a repeat of its operation id is answered with the
/// revision it made, and the id is stored with the change, in the same write.
/// </summary>
public sealed class OperationIdTests(InventoryClusterFixture fixture) : IClassFixture<InventoryClusterFixture>
{
    private static readonly ChangeContext Manual = new(ChangeReason.Manual, "test");
    private readonly string _tenant = $"ops-{Guid.NewGuid():N}";

    private IInventoryItemGrain Item(string id) => fixture.Grains.GetGrain<IInventoryItemGrain>(InventoryItemKey.Format(_tenant, id));

    [Fact]
    public async Task A_repeated_operation_is_answered_with_its_revision_and_applies_nothing()
    {
        var id = await CreateAsync(10);
        var operation = Manual with { OperationId = "key-1#0" };

        var first = await Item(id).ExecuteAsync(new DecrementInventory(3, false, true), operation);
        var repeat = await Item(id).ExecuteAsync(new DecrementInventory(3, false, true), operation);

        Assert.False(first.Replayed);
        Assert.True(repeat.Replayed);
        Assert.Equal((2L, 7), (repeat.Item!.Revision, repeat.Item.Quantity));
        Assert.Equal((2L, 7), ((await Item(id).GetAsync()).Item!.Revision, (await Item(id).GetAsync()).Item!.Quantity));
        var ledger = fixture.Items.Inner.Ledger(new ItemKey(_tenant, id));
        Assert.Equal([null, "key-1#0"], ledger.Select(c => c.OperationId));
    }

    [Fact]
    public async Task A_repeat_after_later_changes_answers_the_revision_it_made_without_the_item_of_today()
    {
        var id = await CreateAsync(10);
        var operation = Manual with { OperationId = "key-2#0" };
        await Item(id).ExecuteAsync(new IncrementInventory(1), operation);
        await Item(id).ExecuteAsync(new IncrementInventory(1), Manual);

        var repeat = await Item(id).ExecuteAsync(new IncrementInventory(1), operation);

        Assert.True(repeat is { Success: true, Replayed: true, Revision: 2, Item: null });
        Assert.Equal(12, (await Item(id).GetAsync()).Item!.Quantity);
    }

    [Fact]
    public async Task The_same_operation_sent_twice_at_once_is_applied_once()
    {
        var id = await CreateAsync(10);
        var key = new ItemKey(_tenant, id);
        var release = new TaskCompletionSource();
        fixture.Items.BeforeWrite = written => written == key ? release.Task : Task.CompletedTask;
        InventoryResult[] results;
        try
        {
            var holding = Item(id).ExecuteAsync(new IncrementInventory(100), Manual);
            var operation = Manual with { OperationId = "key-3#0" };
            var twice = new[] { Item(id).ExecuteAsync(new DecrementInventory(1, false, true), operation), Item(id).ExecuteAsync(new DecrementInventory(1, false, true), operation) };
            release.SetResult();
            await holding;
            results = await Task.WhenAll(twice);
        }
        finally
        {
            fixture.Items.BeforeWrite = null;
        }

        Assert.Single(results, r => !r.Replayed);
        Assert.Single(results, r => r.Replayed);
        Assert.Equal(109, (await Item(id).GetAsync()).Item!.Quantity);
    }

    [Fact]
    public void Remembered_operations_are_bounded_by_age_and_count()
    {
        var state = new InventoryItemState();
        var start = new DateTimeOffset(2026, 11, 23, 0, 0, 0, TimeSpan.Zero);
        for (var i = 0; i < 10; i++)
        {
            state.RecordOperation(new AppliedOperation($"op-{i}", i + 2, start.AddMinutes(i)), TimeSpan.FromMinutes(5), capacity: 3);
        }

        Assert.Equal(["op-7", "op-8", "op-9"], state.RecentOperations.Select(o => o.OperationId));
        state.RecordOperation(new AppliedOperation("late", 20, start.AddMinutes(20)), TimeSpan.FromMinutes(5), capacity: 3);
        Assert.Equal(["late"], state.RecentOperations.Select(o => o.OperationId));
        Assert.Null(state.FindOperation("op-9"));
        Assert.Equal(20, state.FindOperation("late")!.Revision);
    }

    private async Task<string> CreateAsync(int quantity)
    {
        var id = Guid.NewGuid().ToString();
        Assert.True((await Item(id).ExecuteAsync(new CreateInventoryItem { VariantId = Guid.NewGuid().ToString(), Quantity = quantity }, Manual)).Success);
        return id;
    }
}
