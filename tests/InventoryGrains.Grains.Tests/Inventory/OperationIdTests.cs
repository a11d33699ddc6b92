using InventoryGrains.Domain.Operations;
using InventoryGrains.Testing;
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

        Assert.False(first.Applied().Replayed);
        Assert.True(repeat.Applied().Replayed);
        Assert.Equal((2L, 2L, 7), (repeat.Applied().Revision, repeat.AppliedItem().Revision, repeat.AppliedItem().Quantity));
        Assert.Equal((2L, 7), ((await Item(id).GetAsync())!.Revision, (await Item(id).GetAsync())!.Quantity));
        var ledger = fixture.Items.Inner.Ledger(new ItemKey(_tenant, id));
        Assert.Equal([null, "key-1#0"], ledger.Select(c => c.OperationId));
    }

    [Fact]
    public async Task A_repeat_after_later_changes_answers_the_revision_it_made_and_the_item_as_it_is_now()
    {
        var id = await CreateAsync(10);
        var operation = Manual with { OperationId = "key-2#0" };
        await Item(id).ExecuteAsync(new IncrementInventory(1), operation);
        await Item(id).ExecuteAsync(new IncrementInventory(1), Manual);

        var repeat = await Item(id).ExecuteAsync(new IncrementInventory(1), operation);

        Assert.True(repeat is ItemApplied { Replayed: true, Revision: 2, Item: { Revision: 3, Quantity: 12 } }, $"{repeat}");
        Assert.Equal(12, (await Item(id).GetAsync())!.Quantity);
    }

    [Fact]
    public async Task The_same_operation_sent_twice_at_once_is_applied_once()
    {
        var id = await CreateAsync(10);
        var key = new ItemKey(_tenant, id);
        var release = new TaskCompletionSource();
        fixture.Items.BeforeWrite = written => written == key ? release.Task : Task.CompletedTask;
        ItemOutcome[] results;
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

        Assert.Single(results, r => !r.Applied().Replayed);
        Assert.Single(results, r => r.Applied().Replayed);
        Assert.Equal(109, (await Item(id).GetAsync())!.Quantity);
    }

    [Fact]
    public void Remembered_operations_are_bounded_by_age_and_count()
    {
        var operations = new AppliedOperations(TimeSpan.FromMinutes(5), capacity: 3);
        var start = new DateTimeOffset(2026, 11, 23, 0, 0, 0, TimeSpan.Zero);
        for (var i = 0; i < 10; i++)
        {
            operations.Record(new AppliedOperation($"op-{i}", i + 2, start.AddMinutes(i)));
        }

        Assert.Equal((3, 9L), (operations.Count, operations.Find("op-7")!.Revision));
        Assert.Null(operations.Find("op-6"));
        operations.Record(new AppliedOperation("late", 20, start.AddMinutes(20)));
        Assert.Equal(1, operations.Count);
        Assert.Null(operations.Find("op-9"));
        Assert.Equal(20, operations.Find("late")!.Revision);
    }

    [Fact]
    public async Task A_repeat_reaching_a_new_activation_is_recognised_from_the_ledger()
    {
        var id = await CreateAsync(10);
        var operation = Manual with { OperationId = "key-4#0" };
        var first = await Item(id).ExecuteAsync(new DecrementInventory(4, false, true), operation);
        await Item(id).ExecuteAsync(new IncrementInventory(1), Manual);
        await fixture.DeactivateIdleAsync();

        var repeat = await Item(id).ExecuteAsync(new DecrementInventory(4, false, true), operation);

        Assert.True(repeat is ItemApplied { Replayed: true, Revision: 2, Item: { Revision: 3, Quantity: 7 } }, $"{repeat}");
        Assert.Equal((2L, 3L), (first.Applied().Revision, (await Item(id).GetAsync())!.Revision));
    }

    private async Task<string> CreateAsync(int quantity)
    {
        var id = Guid.NewGuid().ToString();
        Assert.IsType<ItemApplied>(await Item(id).ExecuteAsync(new CreateInventoryItem { VariantId = Guid.NewGuid().ToString(), Quantity = quantity }, Manual));
        return id;
    }
}
