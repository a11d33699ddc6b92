using System.Diagnostics;
using InventoryGrains.LoadTest.Measurement;
using InventoryGrains.LoadTest.Targets;

namespace InventoryGrains.LoadTest.Scenarios;

/// <summary>Revision-checked quantity sets in bulks; each worker owns its share of the items.</summary>
public sealed class BulkUpdateScenario(LoadTestOptions options, ILoadTarget target) : LoadScenario(options)
{
    private ItemLedger _ledger = null!;
    private ItemRotation _rotation = null!;

    public override string Name => "bulk-update";

    public override async Task PrepareAsync()
    {
        var ids = Enumerable.Range(0, Options.Items).Select(i => $"{RunId}-{i}").ToList();
        _ledger = new ItemLedger(ids, 0);
        _rotation = new ItemRotation(Options.Items, Options.Concurrency);
        await CreateAllAsync(target, [.. ids.Select(id => new ItemSeed(id, 0))]);
    }

    public override async Task RunBulkAsync(int worker, Random random, LoadRecorder recorder)
    {
        var items = await SettleAsync(target, _ledger, _rotation.Next(worker, Options.BulkSize));
        if (items.Length == 0)
        {
            await Task.Yield();
            return;
        }

        var sets = items.Select(item => new QuantitySet(_ledger.Ids[item], _ledger.KnownRevision(item), random.Next(0, 1000))).ToList();

        var clock = Stopwatch.StartNew();
        var outcomes = await target.SetQuantitiesAsync(sets);
        Book(_ledger, items, outcomes, clock.Elapsed, recorder);
    }

    public override IReadOnlyList<string> ItemIds => _ledger.Ids;

    public override async Task<Verification> VerifyAsync()
    {
        var stored = await target.ReadAsync(_ledger.Ids);
        return _ledger.Verify([.. stored.Select(s => s is null ? ((long, int)?)null : (s.Revision, s.Quantity))], checkStock: false, exactlyOnce: Options.Retry);
    }
}
