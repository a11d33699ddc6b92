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

    public abstract Task PrepareAsync();

    public abstract Task RunBulkAsync(int worker, Random random, LoadRecorder recorder);

    public abstract Task<Verification> VerifyAsync();

    /// <summary>Creates items in bulks of at most 1000; any failure stops the run before it starts.</summary>
    protected static async Task CreateAllAsync(ILoadTarget target, IReadOnlyList<ItemSeed> seeds)
    {
        foreach (var chunk in seeds.Chunk(1000))
        {
            var outcomes = await target.CreateAsync(chunk);
            var failed = outcomes.Select((o, i) => (o, i)).FirstOrDefault(x => !x.o.Success);
            if (failed.o is not null)
            {
                throw new InvalidOperationException($"Creating item {chunk[failed.i].Id} failed: {failed.o.ErrorCode}.");
            }
        }
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

        recorder.Record(latency, items.Count, outcomes.Where(o => !o.Success).Select(o => o.ErrorCode ?? "UNKNOWN"));
    }
}
