using System.Diagnostics;
using System.Threading.Channels;
using InventoryGrains.Abstractions;
using InventoryGrains.Storage.Items;

namespace InventoryGrains.Storage.GroupCommit;

/// <summary>
/// Gathers requests from many callers into batches and commits each batch at once: while one
/// batch of a partition commits, the requests that arrive queue up and become its next batch, so
/// batches grow with the load and need no timer. Each caller's task completes only after the
/// commit of the batch that holds its request: with that request's result, or with the batch's
/// failure (a failed or unknown commit fails every request in it).
/// <para>
/// Keys are spread over partitions, one batch in flight per partition, so one key's requests are
/// committed in the order they came. With <c>distinctKeys</c>, a batch never holds two requests
/// for one key: a later one waits for the next batch, so two writes of one item are never merged
/// into one statement. Each partition's queue is bounded: when it is full, callers wait for room.
/// Batches are sorted by key (<see cref="ItemKey.Compare"/>), so concurrent batches take row locks in the same order.
/// </para>
/// <para>
/// One request's value must not fail the others that share its batch (another tenant's among
/// them): a batch refused for a value (<c>isRefusal</c>) wrote nothing, so it is split in halves and
/// each half committed again, down to the requests that fail alone. Those get a
/// <see cref="StorageRefusedException"/> (a known outcome: nothing stored); every other request its
/// result.
/// </para>
/// </summary>
public sealed class GroupCommitBatcher<TRequest, TResult> : IAsyncDisposable
    where TRequest : class
{
    /// <summary>Commits one batch (sorted by key) and returns one result per request, in the same order.</summary>
    public delegate Task<TResult[]> CommitBatch(IReadOnlyList<TRequest> batch, CancellationToken cancellationToken);

    private readonly string _operation;
    private readonly int _maxBatchSize;
    private readonly bool _distinctKeys;
    private readonly Func<TRequest, ItemKey> _keyOf;
    private readonly CommitBatch _commit;
    private readonly Func<Exception, bool> _isRefusal;
    private readonly GroupCommitMetrics _metrics;
    private readonly Channel<Entry>[] _partitions;
    private readonly Task[] _flushers;
    private readonly KeyValuePair<string, object?> _operationTag;

    /// <param name="isRefusal">Whether a failed commit was refused for a value of a request (and wrote nothing); none: never.</param>
    public GroupCommitBatcher(
        string operation, GroupCommitOptions options, bool distinctKeys, Func<TRequest, ItemKey> keyOf, CommitBatch commit, GroupCommitMetrics metrics,
        Func<Exception, bool>? isRefusal = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _operation = operation;
        _maxBatchSize = options.MaxBatchSize;
        _distinctKeys = distinctKeys;
        _keyOf = keyOf;
        _commit = commit;
        _isRefusal = isRefusal ?? (static _ => false);
        _metrics = metrics;
        _operationTag = new(GroupCommitMetrics.OperationTag, operation);
        _partitions = [.. Enumerable.Range(0, options.Partitions).Select(_ => Channel.CreateBounded<Entry>(
            new BoundedChannelOptions(options.QueueCapacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait }))];

        // Flushers run on the thread pool, never on the scheduler of whichever grain first used the store,
        // and without that caller's execution context: its current span (and Orleans' request context)
        // would otherwise become the parent of every batch this store ever commits.
        using (ExecutionContext.SuppressFlow())
        {
            _flushers = [.. _partitions.Select(partition => Task.Run(() => FlushLoopAsync(partition.Reader)))];
        }
    }

    /// <summary>Queues the request (waiting for room if its partition is full) and completes after the commit that holds it.</summary>
    public async Task<TResult> EnqueueAsync(TRequest request)
    {
        var entry = new Entry(request, _keyOf(request), Stopwatch.GetTimestamp(), Activity.Current);
        var partition = _partitions[(int)((uint)entry.Key.GetHashCode() % (uint)_partitions.Length)];
        try
        {
            await partition.Writer.WriteAsync(entry);
        }
        catch (ChannelClosedException)
        {
            throw new ObjectDisposedException($"The {_operation} queue of the item store is shut down.");
        }

        try
        {
            return await entry.Completion.Task;
        }
        finally
        {
            StoreActivities.LinkToBatch(entry.Caller, entry.Batch);
        }
    }

    /// <summary>Stops taking requests and commits every request already queued.</summary>
    public async ValueTask DisposeAsync()
    {
        foreach (var partition in _partitions)
        {
            partition.Writer.TryComplete();
        }

        await Task.WhenAll(_flushers);
    }

    private async Task FlushLoopAsync(ChannelReader<Entry> reader)
    {
        var batch = new List<Entry>(_maxBatchSize);
        var keys = _distinctKeys ? new HashSet<ItemKey>() : null;
        var held = new List<Entry>();
        while (held.Count > 0 || await reader.WaitToReadAsync())
        {
            batch.Clear();
            keys?.Clear();

            // Requests held back from the previous batch come first, in their order.
            var waiting = held;
            held = [];
            foreach (var entry in waiting)
            {
                Take(entry);
            }

            while (batch.Count < _maxBatchSize && reader.TryRead(out var entry))
            {
                Take(entry);
            }

            if (batch.Count > 0)
            {
                await FlushAsync(batch);
            }
        }

        void Take(Entry entry)
        {
            // Once a key has a request in this batch, its later requests wait for the next one.
            if (batch.Count < _maxBatchSize && (keys is null || keys.Add(entry.Key)))
            {
                batch.Add(entry);
            }
            else
            {
                held.Add(entry);
            }
        }
    }

    private async Task FlushAsync(List<Entry> batch)
    {
        var started = Stopwatch.GetTimestamp();
        batch.Sort(static (a, b) => ItemKey.Compare(a.Key, b.Key));
        foreach (var entry in batch)
        {
            _metrics.QueueWait.Record(Stopwatch.GetElapsedTime(entry.Queued, started).TotalSeconds, _operationTag);
        }

        await CommitAsync(batch);
    }

    /// <summary>Commits the entries as one statement; a refusal splits them until it falls on the entries to blame.</summary>
    private async Task CommitAsync(List<Entry> batch)
    {
        var started = Stopwatch.GetTimestamp();
        using var activity = StoreActivities.StartBatch(_operation, batch.Count, batch.Select(entry => entry.Caller));
        var batchContext = activity?.Context ?? default;
        _metrics.BatchSize.Record(batch.Count, _operationTag);
        var requests = new TRequest[batch.Count];
        for (var i = 0; i < batch.Count; i++)
        {
            requests[i] = batch[i].Request;
        }

        Exception? refusal = null;
        try
        {
            var results = await _commit(requests, CancellationToken.None);
            if (results.Length != requests.Length)
            {
                throw new InvalidOperationException($"A batch of {requests.Length} {_operation}s returned {results.Length} results.");
            }

            for (var i = 0; i < batch.Count; i++)
            {
                batch[i].Batch = batchContext;
                batch[i].Completion.TrySetResult(results[i]);
            }
        }
        catch (Exception exception) when (_isRefusal(exception))
        {
            StoreActivities.Failed(activity, exception);
            refusal = exception;
        }
        catch (Exception exception)
        {
            // Nothing in a batch that failed, or whose commit has an unknown outcome, is reported stored.
            _metrics.FailedBatches.Add(1, _operationTag);
            StoreActivities.Failed(activity, exception);
            foreach (var entry in batch)
            {
                entry.Batch = batchContext;
                entry.Completion.TrySetException(exception);
            }
        }
        finally
        {
            _metrics.FlushDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, _operationTag);
        }

        if (refusal is null)
        {
            return;
        }

        if (batch.Count == 1)
        {
            _metrics.FailedBatches.Add(1, _operationTag);
            batch[0].Batch = batchContext;
            batch[0].Completion.TrySetException(StorageRefusedException.From(refusal));
            return;
        }

        // The statement wrote nothing: each half again, in key order.
        var half = batch.Count / 2;
        await CommitAsync(batch[..half]);
        await CommitAsync(batch[half..]);
    }

    private sealed class Entry(TRequest request, ItemKey key, long queued, Activity? caller)
    {
        public TRequest Request { get; } = request;

        public ItemKey Key { get; } = key;

        public long Queued { get; } = queued;

        /// <summary>The span of the request (the caller's current one when it queued), linked to its batch.</summary>
        public Activity? Caller { get; } = caller;

        /// <summary>The batch's span, set by the flusher before the request completes.</summary>
        public ActivityContext Batch { get; set; }

        // Callers' continuations never run on a flusher: they go back to their own (grain) schedulers.
        public TaskCompletionSource<TResult> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
