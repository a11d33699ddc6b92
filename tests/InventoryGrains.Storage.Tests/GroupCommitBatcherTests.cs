using System.Collections.Concurrent;
using InventoryGrains.Storage.GroupCommit;
using InventoryGrains.Storage.Items;
using InventoryGrains.Testing;

namespace InventoryGrains.Storage.Tests;

/// <summary>The batching itself, against a commit function the test controls.</summary>
public sealed class GroupCommitBatcherTests : IAsyncLifetime, IDisposable
{
    private readonly GroupCommitMetrics _metrics = new();
    private readonly ConcurrentQueue<string[]> _batches = new();
    private readonly List<IAsyncDisposable> _batchers = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var batcher in _batchers)
        {
            await batcher.DisposeAsync();
        }
    }

    public void Dispose() => _metrics.Dispose();

    private sealed record Request(ItemKey Key, string Name);

    private GroupCommitBatcher<Request, string> Batcher(
        GroupCommitOptions options, bool distinctKeys, Func<IReadOnlyList<Request>, Task>? gate = null, Func<Request, string>? answer = null)
    {
        var batcher = new GroupCommitBatcher<Request, string>("write", options, distinctKeys, r => r.Key, async (batch, _) =>
        {
            _batches.Enqueue([.. batch.Select(r => r.Name)]);
            if (gate is not null)
            {
                await gate(batch);
            }

            return [.. batch.Select(answer ?? (r => "stored " + r.Name))];
        }, _metrics);
        _batchers.Add(batcher);
        return batcher;
    }

    private static readonly string[] LaterItems = ["d", "b", "c"];
    private static readonly string[] QueuedItems = ["b", "c", "d", "e"];

    private static Request Write(string item, string name) => new(new ItemKey("shop", item), name);

    [Fact]
    public async Task Requests_that_arrive_while_a_batch_commits_form_the_next_batch_sorted_by_key_each_answered_with_its_own_result()
    {
        var release = new TaskCompletionSource();
        var batcher = Batcher(new GroupCommitOptions { Partitions = 1 }, distinctKeys: true, gate: batch => batch[0].Name == "first" ? release.Task : Task.CompletedTask);

        var first = batcher.EnqueueAsync(Write("a", "first"));
        await Eventually.HoldsAsync(() => Task.FromResult(_batches.Count == 1), TimeSpan.FromSeconds(10), "the first batch to start");
        var waiting = LaterItems.Select(item => batcher.EnqueueAsync(Write(item, "w-" + item))).ToList();
        Assert.All(waiting, task => Assert.False(task.IsCompleted));
        release.SetResult();

        Assert.Equal("stored first", await first);
        Assert.Equal(["stored w-d", "stored w-b", "stored w-c"], await Task.WhenAll(waiting));
        Assert.Equal([["first"], ["w-b", "w-c", "w-d"]], _batches.ToArray());
    }

    [Fact]
    public async Task Two_requests_for_one_key_are_never_in_one_batch_and_keep_their_order()
    {
        var release = new TaskCompletionSource();
        var batcher = Batcher(new GroupCommitOptions { Partitions = 1 }, distinctKeys: true, gate: batch => batch[0].Name == "block" ? release.Task : Task.CompletedTask);

        var block = batcher.EnqueueAsync(Write("z", "block"));
        await Eventually.HoldsAsync(() => Task.FromResult(_batches.Count == 1), TimeSpan.FromSeconds(10), "the blocking batch to start");
        var queued = new[] { Write("x", "x1"), Write("y", "y1"), Write("x", "x2"), Write("x", "x3") }.Select(batcher.EnqueueAsync).ToList();
        release.SetResult();
        await block;
        await Task.WhenAll(queued);

        Assert.Equal([["block"], ["x1", "y1"], ["x2"], ["x3"]], _batches.ToArray());
    }

    [Fact]
    public async Task A_failed_commit_fails_every_request_of_its_batch_and_no_other()
    {
        var release = new TaskCompletionSource();
        var batcher = Batcher(new GroupCommitOptions { Partitions = 1 }, distinctKeys: true, gate: batch =>
            batch[0].Name == "block" ? release.Task
            : batch.Any(r => r.Name == "poison") ? throw new IOException("commit failed")
            : Task.CompletedTask);

        var block = batcher.EnqueueAsync(Write("z", "block"));
        await Eventually.HoldsAsync(() => Task.FromResult(_batches.Count == 1), TimeSpan.FromSeconds(10), "the blocking batch to start");
        var sameBatch = new[] { Write("a", "a"), Write("p", "poison"), Write("b", "b") }.Select(batcher.EnqueueAsync).ToList();
        release.SetResult();

        Assert.Equal("stored block", await block);
        foreach (var task in sameBatch)
        {
            await Assert.ThrowsAsync<IOException>(() => task);
        }

        Assert.Equal("stored after", await batcher.EnqueueAsync(Write("a", "after")));
    }

    [Fact]
    public async Task A_full_queue_makes_callers_wait_for_room()
    {
        var release = new TaskCompletionSource();
        var batcher = Batcher(new GroupCommitOptions { Partitions = 1, QueueCapacity = 2, MaxBatchSize = 1 }, distinctKeys: true, gate: _ => release.Task);

        var inFlight = batcher.EnqueueAsync(Write("a", "a"));
        await Eventually.HoldsAsync(() => Task.FromResult(_batches.Count == 1), TimeSpan.FromSeconds(10), "the first batch to start");
        var queued = QueuedItems.Select(item => batcher.EnqueueAsync(Write(item, item))).ToList();

        // Two fit in the queue; the others wait for room (they are not even queued), and nothing is lost.
        Assert.Single(_batches);
        release.SetResult();
        await Task.WhenAll(queued.Append(inFlight));
        Assert.Equal(5, _batches.Count);
    }

    [Fact]
    public async Task One_keys_requests_go_to_one_partition_and_keep_their_order_across_batches()
    {
        var committed = new ConcurrentQueue<string>();
        var batcher = Batcher(new GroupCommitOptions { Partitions = 4 }, distinctKeys: true, gate: batch =>
        {
            foreach (var request in batch.Where(r => r.Key.ItemId == "hot"))
            {
                committed.Enqueue(request.Name);
            }

            return Task.Delay(1);
        });

        // Requests of one key in the order they are made, each waiting for the one before (as a grain does),
        // interleaved with others.
        var others = Enumerable.Range(0, 200).Select(i => batcher.EnqueueAsync(Write($"other-{i}", $"o{i}"))).ToList();
        for (var i = 0; i < 20; i++)
        {
            await batcher.EnqueueAsync(Write("hot", $"h{i}"));
        }

        await Task.WhenAll(others);
        Assert.Equal(Enumerable.Range(0, 20).Select(i => $"h{i}"), committed);
    }

    [Fact]
    public async Task Disposing_commits_what_is_queued_and_refuses_what_comes_after()
    {
        var release = new TaskCompletionSource();
        var batcher = Batcher(new GroupCommitOptions { Partitions = 1 }, distinctKeys: true, gate: batch => batch[0].Name == "block" ? release.Task : Task.CompletedTask);
        var block = batcher.EnqueueAsync(Write("z", "block"));
        await Eventually.HoldsAsync(() => Task.FromResult(_batches.Count == 1), TimeSpan.FromSeconds(10), "the blocking batch to start");
        var queued = batcher.EnqueueAsync(Write("a", "queued"));

        var disposing = batcher.DisposeAsync().AsTask();
        release.SetResult();
        await disposing;

        Assert.Equal("stored queued", await queued);
        await Assert.ThrowsAsync<ObjectDisposedException>(() => batcher.EnqueueAsync(Write("b", "late")));
    }
}
