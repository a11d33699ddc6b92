using System.Diagnostics;
using InventoryGrains.LoadTest.Measurement;
using InventoryGrains.LoadTest.Targets;

namespace InventoryGrains.LoadTest.Scenarios;

/// <summary>
/// One kind of load: it creates its items, then workers call <see cref="RunBulkAsync"/> in a loop
/// until the run ends; afterwards <see cref="VerifyAsync"/> checks the service against the ledger.
/// </summary>
public abstract class LoadScenario(LoadTestOptions options)
{
    protected LoadTestOptions Options { get; } = options;

    /// <summary>A prefix that keeps this run's items apart from every earlier run's.</summary>
    protected string RunId { get; } = $"lt{DateTime.UtcNow:yyMMddHHmmss}{Random.Shared.Next(1000):D3}";

    public abstract string Name { get; }

    /// <summary>Where preparation reports how far it got (items created so far, of all).</summary>
    public IProgress<(int Done, int Total)>? CreationProgress { get; set; }

    public abstract Task PrepareAsync();

    public abstract Task RunBulkAsync(int worker, Random random, LoadRecorder recorder);

    public abstract Task<Verification> VerifyAsync();

    /// <summary>The service's ids of the items this run changed (after <see cref="PrepareAsync"/>); none for runs outside the service.</summary>
    public virtual IReadOnlyList<string> ItemIds => [];

    /// <summary>
    /// Creates items in bulks of at most 1000. An entry whose outcome is unknown is read back, as
    /// during the run: found, it was created; not found, it is created again, until every entry is
    /// definite. A definite failure stops the run before it starts, as a <see cref="LoadTestException"/>.
    /// </summary>
    protected async Task CreateAllAsync(ILoadTarget target, IReadOnlyList<ItemSeed> seeds)
    {
        var done = 0;
        foreach (var chunk in seeds.Chunk(1000))
        {
            await CreateUntilDefiniteAsync(target, chunk);
            done += chunk.Length;
            CreationProgress?.Report((done, seeds.Count));
        }
    }

    private static async Task CreateUntilDefiniteAsync(ILoadTarget target, IReadOnlyList<ItemSeed> chunk)
    {
        var pending = chunk;
        var repeat = false;
        var clock = Stopwatch.StartNew();
        var pause = TimeSpan.FromMilliseconds(100);
        while (true)
        {
            var outcomes = await TryAsync(() => target.CreateAsync(pending), pending.Count);
            var unknown = new List<ItemSeed>();
            string? lastUnknown = null;
            for (var i = 0; i < pending.Count; i++)
            {
                // On a repeat, an id that exists was made by the attempt whose answer was lost.
                if (outcomes[i].Success || (repeat && outcomes[i].ErrorCode == "ITEM_ALREADY_EXISTS"))
                {
                    continue;
                }

                if (!outcomes[i].Uncertain)
                {
                    throw new LoadTestException($"Creating item {pending[i].Id} failed: {outcomes[i].ErrorCode}.");
                }

                unknown.Add(pending[i]);
                lastUnknown = outcomes[i].ErrorCode;
            }

            if (unknown.Count == 0)
            {
                return;
            }

            var read = await TryReadAsync(target, [.. unknown.Select(seed => seed.Id)]);
            pending = [.. unknown.Where((_, k) => read[k] is null)];
            if (pending.Count == 0)
            {
                return;
            }

            if (clock.Elapsed > RetryUntilDefinite.Patience)
            {
                throw new LoadTestException(
                    $"Creating {pending.Count} items stayed unknown for {RetryUntilDefinite.Patience.TotalMinutes:0} minutes (last answer: {lastUnknown}).");
            }

            // A client's back-off between repeats.
            repeat = true;
            await Task.Delay(pause);
            pause = TimeSpan.FromTicks(Math.Min(pause.Ticks * 2, TimeSpan.FromSeconds(2).Ticks));
        }
    }

    /// <summary>A call whose failure to reach the service is every entry's unknown outcome, as the targets report one.</summary>
    private static async Task<IReadOnlyList<Outcome>> TryAsync(Func<Task<IReadOnlyList<Outcome>>> call, int count)
    {
        try
        {
            return await call();
        }
        catch (Exception exception) when (exception is not OutOfMemoryException and not LoadTestException)
        {
            return [.. Enumerable.Repeat(new Outcome(false, "TRANSPORT", null), count)];
        }
    }

    private static async Task<IReadOnlyList<ItemSnapshot?>> TryReadAsync(ILoadTarget target, IReadOnlyList<string> ids)
    {
        try
        {
            return await target.ReadAsync(ids);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            return new ItemSnapshot?[ids.Count];
        }
    }

    /// <summary>
    /// Reads back the items whose last change had an unknown outcome before they are changed again,
    /// as a real client must: the read tells whether that change was applied, so the next
    /// revision-checked change quotes the item's true revision. Items that cannot be read yet are
    /// left out of this bulk and tried again in a later one.
    /// </summary>
    protected static async Task<int[]> SettleAsync(ILoadTarget target, ItemLedger ledger, int[] items)
    {
        var unsettled = items.Where(ledger.IsUnsettled).ToArray();
        if (unsettled.Length == 0)
        {
            return items;
        }

        IReadOnlyList<ItemSnapshot?> read;
        try
        {
            read = await target.ReadAsync([.. unsettled.Select(item => ledger.Ids[item])]);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            // Still unreachable: none of them is changed in this bulk.
            read = new ItemSnapshot?[unsettled.Length];
        }

        var unreadable = new HashSet<int>();
        for (var k = 0; k < unsettled.Length; k++)
        {
            if (read[k] is { } snapshot)
            {
                ledger.Settled(unsettled[k], snapshot.Revision);
            }
            else
            {
                unreadable.Add(unsettled[k]);
            }
        }

        return unreadable.Count == 0 ? items : [.. items.Where(item => !unreadable.Contains(item))];
    }

    /// <summary>Books one bulk's outcomes into the ledger and the recorder.</summary>
    protected static void Book(ItemLedger ledger, IReadOnlyList<int> items, IReadOnlyList<Outcome> outcomes, TimeSpan latency, LoadRecorder recorder, bool decrements = false)
    {
        for (var i = 0; i < items.Count; i++)
        {
            var outcome = outcomes[i];
            if (outcome.Success)
            {
                ledger.Acknowledged(items[i], outcome.Revision, decrements);
            }
            else if (outcome.Uncertain)
            {
                ledger.Uncertain(items[i]);
            }
            else if (outcome is { ErrorCode: "REVISION_MISMATCH", Revision: { } current })
            {
                ledger.Observed(items[i], current);
            }
        }

        recorder.Record(latency, items.Count, outcomes.Where(o => !o.Success).Select(o => o.ErrorCode ?? "UNKNOWN"), outcomes.SelectMany(o => o.UnknownBefore));
    }
}
