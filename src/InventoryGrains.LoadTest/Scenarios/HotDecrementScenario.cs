using System.Diagnostics;
using InventoryGrains.LoadTest.Measurement;
using InventoryGrains.LoadTest.Targets;

namespace InventoryGrains.LoadTest.Scenarios;

/// <summary>
/// Every worker decrements the same few items by one, with restrictInventory, so the stock runs
/// out under contention: no acknowledged decrement may be lost and none may oversell.
/// </summary>
public sealed class HotDecrementScenario(LoadTestOptions options, ILoadTarget target) : LoadScenario(options)
{
    private ItemLedger _ledger = null!;

    public override string Name => "hot-decrement";

    public override async Task PrepareAsync()
    {
        var ids = Enumerable.Range(0, Options.HotItems).Select(i => $"{RunId}-hot-{i}").ToList();
        _ledger = new ItemLedger(ids, Options.InitialStock);
        await CreateAllAsync(target, [.. ids.Select(id => new ItemSeed(id, Options.InitialStock))]);
    }

    public override async Task RunBulkAsync(int worker, Random random, LoadRecorder recorder)
    {
        var items = Enumerable.Range(0, Options.BulkSize).Select(_ => random.Next(_ledger.Count)).ToArray();
        var clock = Stopwatch.StartNew();
        var outcomes = await target.DecrementAsync([.. items.Select(i => _ledger.Ids[i])]);
        Book(_ledger, items, outcomes, clock.Elapsed, recorder, decrements: true);
    }

    public override IReadOnlyList<string> ItemIds => _ledger.Ids;

    public override async Task<Verification> VerifyAsync()
    {
        var stored = await target.ReadAsync(_ledger.Ids);
        return _ledger.Verify([.. stored.Select(s => s is null ? ((long, int)?)null : (s.Revision, s.Quantity))], checkStock: true, exactlyOnce: Options.Retry);
    }
}
