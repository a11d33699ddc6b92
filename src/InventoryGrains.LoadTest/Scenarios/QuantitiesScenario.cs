using System.Diagnostics;
using InventoryGrains.LoadTest.Measurement;
using InventoryGrains.LoadTest.Targets;

namespace InventoryGrains.LoadTest.Scenarios;

/// <summary>
/// Quantity operations, all or nothing: every request adjusts <c>incoming</c> by one on
/// <c>--bulk-size</c> different items, under an idempotency key, repeated with it until its outcome
/// is definite. One request in twenty also names a line whose <c>changeFromQuantity</c> is stale, so
/// the whole request must be refused and apply nothing. Afterwards every item's incoming must equal
/// the lines of acknowledged requests that named it, and its revision one more than that: a request
/// applied in part, or twice, or lost, would show.
/// </summary>
public sealed class QuantitiesScenario(LoadTestOptions options, ILoadTarget target) : LoadScenario(options)
{
    private const int RefusedEvery = 20;
    private string[] _ids = [];
    private long[] _acknowledgedLines = [];
    private long _refused;
    private long _unknown;
    private long _wrongRefusals;

    public override string Name => "quantities";

    public override IReadOnlyList<string> ItemIds => _ids;

    public override async Task PrepareAsync()
    {
        _ids = [.. Enumerable.Range(0, Options.Items).Select(i => $"{RunId}-q-{i}")];
        _acknowledgedLines = new long[_ids.Length];
        await CreateAllAsync(target, [.. _ids.Select(id => new ItemSeed(id, 1000))]);
    }

    public override async Task RunBulkAsync(int worker, Random random, LoadRecorder recorder)
    {
        var items = new HashSet<int>();
        while (items.Count < Options.BulkSize)
        {
            items.Add(random.Next(_ids.Length));
        }

        var refuse = random.Next(RefusedEvery) == 0;
        var lines = items.Select((item, index) => new QuantityAdjustment(_ids[item], 1, refuse && index == items.Count - 1 ? -1 : null)).ToList();
        var key = RetryUntilDefinite.NewKey();
        var clock = Stopwatch.StartNew();
        var outcome = (await RetryUntilDefinite.RunAsync(1, _ => OneAsync(key, lines)))[0];
        if (outcome.Success)
        {
            foreach (var item in items)
            {
                Interlocked.Increment(ref _acknowledgedLines[item]);
            }

            if (refuse)
            {
                Interlocked.Increment(ref _wrongRefusals);
            }
        }
        else if (outcome.Uncertain)
        {
            Interlocked.Increment(ref _unknown);
        }
        else if (refuse && outcome.ErrorCode == "CHANGE_FROM_QUANTITY_STALE")
        {
            Interlocked.Increment(ref _refused);
        }
        else
        {
            Interlocked.Increment(ref _wrongRefusals);
        }

        recorder.Record(clock.Elapsed, lines.Count, outcome.Success ? [] : [outcome.ErrorCode ?? "UNKNOWN"], outcome.UnknownBefore);
    }

    private async Task<IReadOnlyList<Outcome>> OneAsync(string key, IReadOnlyList<QuantityAdjustment> lines)
    {
        try
        {
            return [await target.AdjustQuantitiesAsync(key, "incoming", lines)];
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            return [new Outcome(false, "TRANSPORT", null)];
        }
    }

    public override async Task<Verification> VerifyAsync()
    {
        var stored = await target.ReadAsync(_ids);
        var problems = new List<string>();
        for (var i = 0; i < _ids.Length; i++)
        {
            var expected = Interlocked.Read(ref _acknowledgedLines[i]);
            if (stored[i] is not { } item)
            {
                problems.Add($"{_ids[i]}: not found");
            }
            else if (item.Incoming != expected || item.Revision != 1 + expected)
            {
                problems.Add($"{_ids[i]}: incoming {item.Incoming} at revision {item.Revision}, acknowledged lines {expected}");
            }
        }

        var disagreeing = problems.Count;
        if (Interlocked.Read(ref _unknown) > 0)
        {
            problems.Add($"{_unknown} requests stayed unknown after {RetryUntilDefinite.Patience.TotalMinutes:0} minutes of repeats");
        }

        if (Interlocked.Read(ref _wrongRefusals) > 0)
        {
            problems.Add($"{_wrongRefusals} requests were answered other than expected (a stale line applied, or a good request refused)");
        }

        // Every acknowledged line is one change; a request refused whole (stale line) changed nothing.
        return new Verification(problems.Count == 0, _ids.Length, _acknowledgedLines.Sum(), Interlocked.Read(ref _unknown), [.. problems.Take(20)], disagreeing);
    }
}

/// <summary>
/// The comparison of <c>--compare-decrement</c>: Wix bulk decrements of as many entries as a
/// quantity operation has lines, on the same items, through the same target.
/// </summary>
public sealed class QuantitiesDecrementComparison(LoadTestOptions options, ILoadTarget target, IReadOnlyList<string> ids) : LoadScenario(options)
{
    public override string Name => "wix bulk decrement (comparison)";

    public override Task PrepareAsync() => Task.CompletedTask;

    public override async Task RunBulkAsync(int worker, Random random, LoadRecorder recorder)
    {
        var items = new HashSet<int>();
        while (items.Count < Options.BulkSize)
        {
            items.Add(random.Next(ids.Count));
        }

        var clock = Stopwatch.StartNew();
        var outcomes = await target.DecrementAsync([.. items.Select(item => ids[item])]);
        recorder.Record(clock.Elapsed, items.Count, outcomes.Where(o => !o.Success).Select(o => o.ErrorCode ?? "UNKNOWN"));
    }

    /// <summary>A comparison: its items were changed by the run before it, so only its answers count; nothing to verify.</summary>
    public override Task<Verification> VerifyAsync() => Task.FromResult(new Verification(true, ids.Count, 0, 0, [], 0));
}
