using System.Diagnostics;
using InventoryGrains.Abstractions.Identifiers;
using InventoryGrains.Abstractions.Inventory;
using InventoryGrains.LoadTest.Measurement;
using InventoryGrains.LoadTest.Targets;

namespace InventoryGrains.LoadTest.Scenarios;

/// <summary>
/// The item commands of the dialects in one mix, through the one bulk coordinator: Wix
/// revision-checked sets (40 %), order decrements (20 %) and increments (10 %), Crux stock syncs by
/// SKU (15 %) and BSPK time-ordered upserts by (sku, store) (15 %). Each bulk is split into the
/// entries named by id and those named by identifier, sent at once; its latency is the slower.
/// </summary>
public sealed class MixedScenario(LoadTestOptions options, ILoadTarget target) : LoadScenario(options)
{
    private const string Location = "default";
    private static readonly DateTimeOffset Epoch = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private ItemLedger _ledger = null!;
    private int[][] _partitions = [];
    private int[] _cursors = [];
    private long[] _lastEffectiveSeconds = [];
    private string[] _skus = [];

    public override string Name => "mixed";

    private IBulkCoordinatorGrain Coordinator =>
        (target.Grains ?? throw new InvalidOperationException("The mixed scenario needs a grain client.")).GetGrain<IBulkCoordinatorGrain>(0);

    public override async Task PrepareAsync()
    {
        _skus = [.. Enumerable.Range(0, Options.Items).Select(i => $"{RunId}-sku-{i}")];
        _lastEffectiveSeconds = new long[Options.Items];
        _partitions = [.. Enumerable.Range(0, Options.Concurrency).Select(w => Partition(Options.Items, Options.Concurrency, w))];
        _cursors = new int[Options.Concurrency];

        var ids = new string[Options.Items];
        foreach (var chunk in Enumerable.Range(0, Options.Items).Chunk(1000))
        {
            var results = await Coordinator.ExecuteByIdentifierAsync(Options.Tenant, [.. chunk.Select(i => new IdentifiedCommand(
                Location, [Sku(i)], IdentifiedMode.Create,
                new CreateInventoryItem { VariantId = _skus[i], ProductId = Product(i), Quantity = 1000, EffectiveAt = Epoch }, null))],
                Context(ChangeReason.Manual));
            for (var k = 0; k < chunk.Length; k++)
            {
                ids[chunk[k]] = results[k].Item?.Id ?? throw new InvalidOperationException($"Creating {_skus[chunk[k]]} failed: {results[k].Error?.Code}.");
            }
        }

        _ledger = new ItemLedger(ids, 1000);
    }

    public override async Task RunBulkAsync(int worker, Random random, LoadRecorder recorder)
    {
        var partition = _partitions[worker];
        var take = Math.Min(Options.BulkSize, partition.Length);
        var byId = new List<(int Item, ItemCommand Command)>();
        var byIdentifier = new List<(int Item, IdentifiedCommand Command)>();
        for (var k = 0; k < take; k++)
        {
            var item = partition[(_cursors[worker] + k) % partition.Length];
            var id = _ledger.Ids[item];
            var roll = random.Next(100);
            if (roll < 40)
            {
                byId.Add((item, new ItemCommand(id, new UpdateInventoryItem { ExpectedRevision = _ledger.KnownRevision(item), Quantity = random.Next(0, 1000) })));
            }
            else if (roll < 60)
            {
                byId.Add((item, new ItemCommand(id, new DecrementInventory(1 + random.Next(3), PreorderRequest: false, RestrictInventory: true))));
            }
            else if (roll < 70)
            {
                byId.Add((item, new ItemCommand(id, new IncrementInventory(1 + random.Next(3)))));
            }
            else if (roll < 85)
            {
                byIdentifier.Add((item, new IdentifiedCommand(Location, [Sku(item)], IdentifiedMode.Change, null,
                    new SyncInventory { Quantity = random.Next(0, 1000), QuantityOnBackorder = random.Next(0, 5) })));
            }
            else
            {
                var at = Epoch.AddSeconds(++_lastEffectiveSeconds[item]);
                var quantity = random.Next(0, 1000);
                byIdentifier.Add((item, new IdentifiedCommand(Location, [Sku(item)], IdentifiedMode.Upsert,
                    new CreateInventoryItem { VariantId = _skus[item], ProductId = Product(item), Quantity = quantity, EffectiveAt = at },
                    new SyncInventory { Quantity = quantity, EffectiveAt = at, ExpectedProductId = Product(item) })));
            }
        }

        _cursors[worker] = (_cursors[worker] + take) % partition.Length;

        var clock = Stopwatch.StartNew();
        var direct = byId.Count == 0 ? Task.FromResult<IReadOnlyList<InventoryResult>>([]) : Coordinator.ExecuteAsync(Options.Tenant, [.. byId.Select(e => e.Command)], Context(ChangeReason.Order));
        var identified = byIdentifier.Count == 0 ? Task.FromResult<IReadOnlyList<InventoryResult>>([]) : Coordinator.ExecuteByIdentifierAsync(Options.Tenant, [.. byIdentifier.Select(e => e.Command)], Context(ChangeReason.Sync));
        await Task.WhenAll(direct, identified);
        var latency = clock.Elapsed;

        var items = byId.Select(e => e.Item).Concat(byIdentifier.Select(e => e.Item)).ToList();
        var outcomes = (await direct).Concat(await identified).Select(GrainTarget.ToOutcome).ToList();
        Book(_ledger, items, outcomes, latency, recorder);
    }

    public override async Task<Verification> VerifyAsync()
    {
        var stored = await target.ReadAsync(_ledger.Ids);
        return _ledger.Verify([.. stored.Select(s => s is null ? ((long, int)?)null : (s.Revision, s.Quantity))], checkStock: false);
    }

    private ItemIdentifier Sku(int item) => new(IdentifierKind.Sku, _skus[item]);

    private string Product(int item) => $"{RunId}-prd-{item}";

    private static ChangeContext Context(ChangeReason reason) => new(reason, "loadtest");
}
