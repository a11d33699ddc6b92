using System.Diagnostics;
using InventoryGrains.Abstractions;
using InventoryGrains.Abstractions.Identifiers;
using InventoryGrains.Abstractions.Inventory;
using InventoryGrains.Abstractions.SellingPlans;
using InventoryGrains.Abstractions.Variants;
using InventoryGrains.LoadTest.Measurement;
using InventoryGrains.LoadTest.Targets;
using InventoryGrains.Domain.Items;
using InventoryGrains.Domain.Identifiers;

namespace InventoryGrains.LoadTest.Scenarios;

/// <summary>
/// The command kinds of the four dialects in one mix. Item entries go through the one bulk
/// coordinator: Wix revision-checked sets (40 %), order decrements (20 %) and increments (10 %),
/// Crux stock syncs by SKU (15 %) and BSPK time-ordered upserts by (sku, store) (15 %). Beside a
/// quarter of the bulks, a Stoq bulk inventory-policy toggle is queued on the worker's selling plan.
/// The calls of one bulk are sent at once; its latency is the slowest. Verification also waits for
/// the toggles to finish and checks every plan variant holds the last acknowledged policy.
/// </summary>
public sealed class MixedScenario(LoadTestOptions options, ILoadTarget target) : LoadScenario(options)
{
    private const string Location = Locations.Default;
    private static readonly DateTimeOffset Epoch = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private ItemLedger _ledger = null!;
    private ItemRotation _rotation = null!;
    private long[] _lastEffectiveSeconds = [];
    private string[] _skus = [];
    private const int VariantsPerPlan = 50;
    private long _firstVariant;
    private InventoryPolicy?[] _lastPolicy = [];

    public override string Name => "mixed";

    private IBulkCoordinatorGrain Coordinator => Grains.BulkCoordinator();

    public override async Task PrepareAsync()
    {
        _skus = [.. Enumerable.Range(0, Options.Items).Select(i => $"{RunId}-sku-{i}")];
        _lastEffectiveSeconds = new long[Options.Items];
        _rotation = new ItemRotation(Options.Items, Options.Concurrency);

        // Each creation is an operation of its own: one whose outcome is unknown is repeated under
        // the same id until definite, and answers with the item its first attempt made.
        var ids = new string[Options.Items];
        foreach (var chunk in Enumerable.Range(0, Options.Items).Chunk(1000))
        {
            var pending = chunk;
            for (var attempt = 1; pending.Length > 0; attempt++)
            {
                var results = await TryCreateAsync(pending);
                var unknown = new List<int>();
                for (var k = 0; k < pending.Length; k++)
                {
                    switch (results[k])
                    {
                        case ItemApplied applied:
                            ids[pending[k]] = applied.ItemId;
                            break;
                        case ItemRejected { Code: InventoryErrorCode.Unavailable } when attempt < MaxCreateAttempts:
                            unknown.Add(pending[k]);
                            break;
                        case ItemRejected rejected:
                            throw new LoadTestException($"Creating {_skus[pending[k]]} failed: {rejected.Code.ContractName()}.");
                    }
                }

                pending = [.. unknown];
                if (pending.Length > 0)
                {
                    // A client's back-off between repeats.
                    await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(100 << Math.Min(attempt, 5), 2000)));
                }
            }

            CreationProgress?.Report((chunk[^1] + 1, Options.Items));
        }

        _ledger = new ItemLedger(ids, 1000);

        _firstVariant = Random.Shared.NextInt64(1, long.MaxValue / 2);
        _lastPolicy = new InventoryPolicy?[Options.Concurrency];
        for (var worker = 0; worker < Options.Concurrency; worker++)
        {
            var plan = Plan(worker);
            var created = await plan.CreateAsync(new SellingPlanPatch(new SellingPlanSettings { Name = $"load {worker}" }, [nameof(SellingPlanSettings.Name)], new Dictionary<string, string>()));
            var associated = await plan.AddVariantsAsync(PlanVariants(worker));
            if (created.Error is not null || associated.Error is not null)
            {
                throw new LoadTestException($"Creating the selling plan of worker {worker} failed: {created.Error?.Code ?? associated.Error?.Code}.");
            }
        }
    }

    private const int MaxCreateAttempts = 60;

    private async Task<IReadOnlyList<ItemOutcome>> TryCreateAsync(int[] items)
    {
        try
        {
            return await Coordinator.ExecuteByIdentifierAsync(Options.Tenant, [.. items.Select(i => new IdentifiedCommand(
                Location, [Sku(i)], IdentifiedMode.Create,
                new CreateInventoryItem { VariantId = _skus[i], ProductId = Product(i), Quantity = 1000, EffectiveAt = Epoch }, null)
            { OperationId = $"{RunId}:create:{i}" })],
                Context(ChangeReason.Manual));
        }
        catch (Exception exception) when (exception is OrleansException or TimeoutException)
        {
            return [.. items.Select(_ => ItemOutcome.Rejected("", InventoryErrorCode.Unavailable, exception.Message))];
        }
    }

    public override async Task RunBulkAsync(int worker, Random random, LoadRecorder recorder)
    {
        var byId = new List<(int Item, ItemCommand Command)>();
        var byIdentifier = new List<(int Item, IdentifiedCommand Command)>();
        foreach (var item in await SettleAsync(target, _ledger, _rotation.Next(worker, Options.BulkSize)))
        {
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

        var policy = _lastPolicy[worker] == InventoryPolicy.Continue ? InventoryPolicy.Deny : InventoryPolicy.Continue;
        var toggle = random.Next(4) == 0 ? Plan(worker).QueueInventoryPolicyJobAsync(PlanVariants(worker), policy) : null;

        var clock = Stopwatch.StartNew();
        var direct = byId.Count == 0 ? Task.FromResult<IReadOnlyList<ItemOutcome>>([]) : Coordinator.ExecuteAsync(Options.Tenant, [.. byId.Select(e => e.Command)], Context(ChangeReason.Order));
        var identified = byIdentifier.Count == 0 ? Task.FromResult<IReadOnlyList<ItemOutcome>>([]) : Coordinator.ExecuteByIdentifierAsync(Options.Tenant, [.. byIdentifier.Select(e => e.Command)], Context(ChangeReason.Sync));
        await Task.WhenAll(direct, identified, toggle ?? Task.CompletedTask);
        var latency = clock.Elapsed;
        if (toggle is not null)
        {
            var queued = await toggle;
            if (queued.Error is null)
            {
                _lastPolicy[worker] = policy;
            }
            else
            {
                recorder.Record(TimeSpan.Zero, 0, [$"STOQ_{queued.Error.Code}"]);
            }
        }

        var items = byId.Select(e => e.Item).Concat(byIdentifier.Select(e => e.Item)).ToList();
        var outcomes = (await direct).Concat(await identified).Select(GrainTarget.ToOutcome).ToList();
        Book(_ledger, items, outcomes, latency, recorder);
    }

    public override IReadOnlyList<string> ItemIds => _ledger.Ids;

    public override async Task<Verification> VerifyAsync()
    {
        var stored = await target.ReadAsync(_ledger.Ids);
        var items = _ledger.Verify([.. stored.Select(s => s is null ? ((long, int)?)null : (s.Revision, s.Quantity))], checkStock: false);

        var disagreements = new List<string>();
        for (var worker = 0; worker < Options.Concurrency; worker++)
        {
            var plan = Plan(worker);
            var deadline = Stopwatch.StartNew();
            while ((await plan.GetAsync()).Plan is { OngoingJob: true } && deadline.Elapsed < TimeSpan.FromMinutes(2))
            {
                // The jobs run in the background; they are polled, nothing signals their end.
                await Task.Delay(TimeSpan.FromMilliseconds(100));
            }

            var expected = _lastPolicy[worker] ?? InventoryPolicy.Deny;
            foreach (var variant in PlanVariants(worker))
            {
                var actual = (await Grains.GetGrain<IVariantGrain>(VariantKey.Format(Options.Tenant, variant)).GetAsync()).InventoryPolicy;
                if (actual != expected)
                {
                    disagreements.Add($"variant {variant} of plan {worker}: {actual}, expected {expected}");
                }
            }
        }

        return disagreements.Count == 0 ? items : items with
        {
            Verified = false,
            Disagreements = [.. items.Disagreements, .. disagreements.Take(20)],
            DisagreeingItems = items.DisagreeingItems + disagreements.Count,
        };
    }

    private IGrainFactory Grains => target.Grains ?? throw new InvalidOperationException("The mixed scenario needs a grain client.");

    private ISellingPlanGrain Plan(int worker) => Grains.GetGrain<ISellingPlanGrain>(TenantKey.Format(Options.Tenant, $"{RunId}-plan-{worker}"));

    private long[] PlanVariants(int worker) => [.. Enumerable.Range(0, VariantsPerPlan).Select(k => _firstVariant + (worker * VariantsPerPlan) + k)];

    private ItemIdentifier Sku(int item) => new(IdentifierKind.Sku, _skus[item]);

    private string Product(int item) => $"{RunId}-prd-{item}";

    private static ChangeContext Context(ChangeReason reason) => new(reason, "loadtest") { ReturnItem = false };
}
