using System.Collections.Concurrent;
using System.Diagnostics;
using InventoryGrains.Storage.GroupCommit;
using InventoryGrains.Storage.Items;
using InventoryGrains.Testing;

namespace InventoryGrains.Storage.Tests;

/// <summary>
/// How a batch that holds the requests of several traces relates to them: it is a trace of its own
/// that links to the span of every request it holds, and every request's span links back to it.
/// </summary>
public sealed class StoreActivitiesTests : IAsyncLifetime, IDisposable
{
    private const string CallerSourceName = "InventoryGrains.Tests.StoreCallers";

    private readonly ActivitySource _callers = new(CallerSourceName);
    private readonly ConcurrentQueue<Activity> _stopped = new();
    private readonly ActivityListener _listener;
    private readonly GroupCommitMetrics _metrics = new();
    private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ConcurrentQueue<string[]> _batches = new();
    private readonly GroupCommitBatcher<Request, string> _batcher;

    public StoreActivitiesTests()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is StoreActivities.SourceName or CallerSourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = _stopped.Enqueue,
        };
        ActivitySource.AddActivityListener(_listener);

        // The first batch waits for the test, so the next requests queue up into one batch behind it.
        _batcher = new GroupCommitBatcher<Request, string>("write", new GroupCommitOptions { Partitions = 1 }, distinctKeys: true, r => r.Key, async (batch, _) =>
        {
            _batches.Enqueue([.. batch.Select(r => r.Name)]);
            if (batch[0].Name == "first")
            {
                await _release.Task;
            }

            return [.. batch.Select(r => "stored " + r.Name)];
        }, _metrics);
    }

    private sealed record Request(ItemKey Key, string Name);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _batcher.DisposeAsync();

    public void Dispose()
    {
        _listener.Dispose();
        _callers.Dispose();
        _metrics.Dispose();
    }

    [Fact]
    public async Task A_batch_of_two_traces_writes_is_a_root_span_linked_to_both_and_each_write_links_back_to_it()
    {
        var first = WriteAsync("first", "a");
        await Eventually.HoldsAsync(() => Task.FromResult(_batches.Count == 1), TimeSpan.FromSeconds(10), "the first batch to start");
        var second = WriteAsync("second", "b");
        var third = WriteAsync("third", "c");
        _release.SetResult();
        var (firstSpan, secondSpan, thirdSpan) = (await first, await second, await third);

        Assert.Equal([["first"], ["second", "third"]], _batches.ToArray());
        Assert.Equal(3, new[] { firstSpan.TraceId, secondSpan.TraceId, thirdSpan.TraceId }.Distinct().Count());

        var batchOfFirst = BatchLinkedFrom(firstSpan);
        var batchOfOthers = BatchLinkedFrom(secondSpan);
        Assert.Same(batchOfOthers, BatchLinkedFrom(thirdSpan));
        Assert.NotSame(batchOfFirst, batchOfOthers);

        Assert.Equal("inventory.store.batch write", batchOfOthers.OperationName);
        Assert.Equal(default, batchOfOthers.ParentSpanId);
        Assert.DoesNotContain(batchOfOthers.TraceId, new[] { firstSpan.TraceId, secondSpan.TraceId, thirdSpan.TraceId });
        Assert.Equal(
            new[] { secondSpan.SpanId, thirdSpan.SpanId }.Select(id => id.ToHexString()).Order(),
            batchOfOthers.Links.Select(l => l.Context.SpanId.ToHexString()).Order());
        Assert.Equal(2, batchOfOthers.GetTagItem("inventory.store.batch.size"));
        Assert.Equal("write", batchOfOthers.GetTagItem(GroupCommitMetrics.OperationTag));
        Assert.Equal(firstSpan.SpanId, Assert.Single(batchOfFirst.Links).Context.SpanId);
    }

    /// <summary>One caller's write inside a span of its own trace, open until the write is stored.</summary>
    private async Task<Activity> WriteAsync(string name, string item)
    {
        Activity.Current = null;
        using var span = _callers.StartActivity(name)!;
        Assert.Equal("stored " + name, await _batcher.EnqueueAsync(new Request(new ItemKey("shop", item), name)));
        return span;
    }

    private Activity BatchLinkedFrom(Activity write)
    {
        var link = Assert.Single(write.Links).Context;
        return Assert.Single(_stopped, s => s.SpanId == link.SpanId && s.TraceId == link.TraceId);
    }
}
