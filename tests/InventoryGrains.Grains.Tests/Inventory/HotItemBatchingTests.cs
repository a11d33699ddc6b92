using InventoryGrains.Testing;
using InventoryGrains.Abstractions.Inventory;
using InventoryGrains.LoadTest.Checking;
using InventoryGrains.Storage.Items;
using InventoryGrains.Domain.Items;

namespace InventoryGrains.Grains.Tests.Inventory;

/// <summary>
/// Commands that reach an item while its write is in flight are applied together as the next batch
/// and stored with one write; each is acknowledged with the state its own change produced, reads
/// meanwhile answer the last stored state, and a batch whose write fails changes nothing.
/// </summary>
public sealed class HotItemBatchingTests(InventoryClusterFixture fixture) : IClassFixture<InventoryClusterFixture>
{
    private static readonly ChangeContext Manual = new(ChangeReason.Manual, "test");
    private readonly string _tenant = $"hot-{Guid.NewGuid():N}";

    private IInventoryItemGrain Item(string id) => fixture.Grains.GetGrain<IInventoryItemGrain>(InventoryItemKey.Format(_tenant, id));

    [Fact]
    public async Task Commands_queued_behind_a_write_are_stored_in_one_write_each_acknowledged_with_its_own_state()
    {
        var id = await CreateAsync(10);
        var key = new ItemKey(_tenant, id);
        var release = new TaskCompletionSource();
        fixture.Items.BeforeWrite = written => written == key ? release.Task : Task.CompletedTask;
        try
        {
            var first = Item(id).ExecuteAsync(new DecrementInventory(1, false, true), Manual);
            await WaitForWritesAsync(key, 2);

            // These reach the item while the first write is in flight (in whatever order they arrive).
            var queuedCommands = new (CallKind Kind, int Amount, InventoryCommand Command)[]
            {
                (CallKind.Decrement, 2, new DecrementInventory(2, false, true)),
                (CallKind.Increment, 5, new IncrementInventory(5)),
                (CallKind.Set, 0, new UpdateInventoryItem { ExpectedRevision = 1, Quantity = 0 }),
                (CallKind.Decrement, 3, new DecrementInventory(3, false, true)),
            };
            var queued = queuedCommands.Select(c => Item(id).ExecuteAsync(c.Command, Manual)).ToList();
            await WaitForCallsTakenInAsync(key, 1 + 1 + queuedCommands.Length);
            var duringWrite = await Item(id).GetAsync();
            Assert.Equal((1L, 10), (duringWrite!.Revision, duringWrite.Quantity));
            Assert.All(queued, q => Assert.False(q.IsCompleted));

            release.SetResult();
            var acknowledged = await first;
            var results = await Task.WhenAll(queued);

            Assert.Equal((2L, 9), (acknowledged.AppliedItem().Revision, acknowledged.AppliedItem().Quantity));
            Assert.Equal(InventoryErrorCode.RevisionMismatch, results[2].Rejected().Code);

            // Each acknowledgement carries the state its own change produced: one history, revisions 2…5.
            var calls = queuedCommands.Zip(results, (c, r) => new RecordedCall(id, c.Kind, c.Amount, r is ItemApplied, (r as ItemApplied)?.Item?.Revision, (r as ItemApplied)?.Item?.Quantity, (r as ItemRejected)?.Code.ToString()))
                .Prepend(new RecordedCall(id, CallKind.Decrement, 1, true, 2, 9, null))
                .ToList();
            var stored = (await fixture.Items.ReadAsync(key, recentChanges: 0))!.State;
            Assert.Empty(LinearizabilityChecker.Check(id, 1, 10, calls, (stored.Revision, stored.Quantity), restricted: true));
            Assert.Equal((5L, 9), (stored.Revision, stored.Quantity));
        }
        finally
        {
            fixture.Items.BeforeWrite = null;
        }

        // The create, the first decrement, then one write for the whole batch.
        Assert.Equal(3, fixture.Items.WritesOf(key));
        Assert.Equal([1L, 2L, 3L, 4L, 5L], fixture.Items.Inner.Ledger(key).Select(c => c.Revision));
    }

    [Fact]
    public async Task A_batch_whose_write_fails_fails_every_command_in_it_and_leaves_the_item_as_it_was()
    {
        var id = await CreateAsync(10);
        var key = new ItemKey(_tenant, id);
        var release = new TaskCompletionSource();
        fixture.Items.BeforeWrite = written => written == key ? release.Task : Task.CompletedTask;
        try
        {
            var first = Item(id).ExecuteAsync(new DecrementInventory(1, false, true), Manual);
            await WaitForWritesAsync(key, 2);
            var queued = Enumerable.Range(0, 3).Select(_ => Item(id).ExecuteAsync(new DecrementInventory(1, false, true), Manual)).ToList();

            // The first write succeeds; the batch's write after it fails.
            fixture.Items.BeforeWrite = async written =>
            {
                if (written == key && fixture.Items.WritesOf(key) >= 3)
                {
                    fixture.Storage.FailWritesFor = grain => grain == FaultyItemStore.GrainIdOf(key);
                }

                await release.Task;
            };
            release.SetResult();

            Assert.Equal(2L, (await first).AppliedItem().Revision);
            Assert.All(await Task.WhenAll(queued), r => Assert.Equal(InventoryErrorCode.Unavailable, r.Rejected().Code));
        }
        finally
        {
            fixture.Items.BeforeWrite = null;
            fixture.Storage.FailWritesFor = null;
        }

        Assert.Equal((2L, 9), ((await fixture.Items.ReadAsync(key, recentChanges: 0))!.State.Revision, (await fixture.Items.ReadAsync(key, recentChanges: 0))!.State.Quantity));
        Assert.Equal([1L, 2L], fixture.Items.Inner.Ledger(key).Select(c => c.Revision));
        var read = (await Item(id).GetAsync())!;
        Assert.Equal((2L, 9), (read.Revision, read.Quantity));

        var next = await Item(id).ExecuteAsync(new DecrementInventory(1, false, true), Manual);
        Assert.Equal((3L, 8), (next.AppliedItem().Revision, next.AppliedItem().Quantity));
    }

    [Fact]
    public async Task A_success_reports_only_the_revision_when_the_caller_does_not_ask_for_the_item()
    {
        var id = await CreateAsync(10);

        var result = await Item(id).ExecuteAsync(new IncrementInventory(1), Manual with { ReturnItem = false });

        var applied = result.Applied();
        Assert.Null(applied.Item);
        Assert.Equal((id, 2L), (applied.ItemId, applied.Revision));
    }

    private async Task<string> CreateAsync(int quantity)
    {
        var id = Guid.NewGuid().ToString();
        Assert.IsType<ItemApplied>(await Item(id).ExecuteAsync(new CreateInventoryItem { VariantId = Guid.NewGuid().ToString(), Quantity = quantity }, Manual));
        return id;
    }

    /// <summary>Waits until the item's grain has taken in so many calls (the create included).</summary>
    private Task WaitForCallsTakenInAsync(ItemKey key, int calls) =>
        InventoryGrains.Testing.Eventually.HoldsAsync(
            () => Task.FromResult(fixture.CallsTakenIn.GetValueOrDefault(GrainId.Create("inventoryitem", key.ToString())) >= calls),
            TimeSpan.FromSeconds(10),
            $"{key} to take in {calls} calls");

    private Task WaitForWritesAsync(ItemKey key, int writes) =>
        InventoryGrains.Testing.Eventually.HoldsAsync(() => Task.FromResult(fixture.Items.WritesOf(key) >= writes), TimeSpan.FromSeconds(10), $"write {writes} of {key} to start");
}
