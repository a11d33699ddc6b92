using System.Collections.Concurrent;
using System.Diagnostics;
using InventoryGrains.Abstractions.Inventory;
using InventoryGrains.LoadTest.Checking;
using InventoryGrains.LoadTest.Measurement;
using InventoryGrains.LoadTest.Targets;
using InventoryGrains.Domain.Items;

namespace InventoryGrains.LoadTest.Scenarios;

/// <summary>
/// Every client sends revision-checked sets, increments and restricted decrements, one at a time,
/// to the same few items, and every call is recorded with its outcome; afterwards
/// <see cref="LinearizabilityChecker"/> checks that each item's acknowledged calls form one history.
/// </summary>
public sealed class LinearizabilityScenario(LoadTestOptions options, ILoadTarget target) : LoadScenario(options)
{
    private static readonly ChangeContext Context = new(ChangeReason.Manual, "loadtest");
    private readonly ConcurrentBag<RecordedCall> _calls = [];
    private string[] _ids = [];
    private Dictionary<string, long>[] _seen = [];

    public override string Name => "linearizability";

    private IBulkCoordinatorGrain Coordinator =>
        (target.Grains ?? throw new InvalidOperationException("The linearizability check needs a grain client.")).BulkCoordinator();

    public override async Task PrepareAsync()
    {
        _ids = [.. Enumerable.Range(0, Options.HotItems).Select(i => $"{RunId}-lin-{i}")];
        _seen = [.. Enumerable.Range(0, Options.Concurrency).Select(_ => _ids.ToDictionary(id => id, _ => 1L, StringComparer.Ordinal))];
        await CreateAllAsync(target, [.. _ids.Select(id => new ItemSeed(id, Options.InitialStock))]);
    }

    public override async Task RunBulkAsync(int worker, Random random, LoadRecorder recorder)
    {
        var id = _ids[random.Next(_ids.Length)];
        var (kind, amount) = random.Next(3) switch
        {
            0 => (CallKind.Set, random.Next(0, Math.Max(1, Math.Min(Options.InitialStock, 100)))),
            1 => (CallKind.Increment, 1 + random.Next(3)),
            _ => (CallKind.Decrement, 1 + random.Next(5)),
        };
        InventoryCommand command = kind switch
        {
            CallKind.Set => new UpdateInventoryItem { ExpectedRevision = _seen[worker][id], Quantity = amount },
            CallKind.Increment => new IncrementInventory(amount),
            _ => new DecrementInventory(amount, PreorderRequest: false, RestrictInventory: true),
        };

        var clock = Stopwatch.StartNew();
        var result = (await Coordinator.ExecuteAsync(Options.Tenant, [new ItemCommand(id, command)], Context))[0];
        var code = GrainTarget.ToOutcome(result).ErrorCode;
        var item = result is ItemApplied { Item: { } returned } ? returned : null;
        _calls.Add(new RecordedCall(id, kind, amount, result is ItemApplied, item?.Revision, item?.Quantity, code));
        _seen[worker][id] = item?.Revision ?? (result as ItemRejected)?.Error.CurrentRevision ?? _seen[worker][id];
        recorder.Record(clock.Elapsed, 1, code is null ? [] : [code]);
    }

    public override IReadOnlyList<string> ItemIds => _ids;

    public override async Task<Verification> VerifyAsync()
    {
        var stored = await target.ReadAsync(_ids);
        var problems = new List<string>();
        for (var i = 0; i < _ids.Length; i++)
        {
            problems.AddRange(stored[i] is { } item
                ? LinearizabilityChecker.Check(_ids[i], 1, Options.InitialStock, _calls, (item.Revision, item.Quantity), restricted: true)
                : [$"{_ids[i]}: missing"]);
        }

        var acknowledged = _calls.Count(c => c.Success);
        var uncertain = _calls.Count(c => c.ErrorCode is "UNAVAILABLE");
        return new Verification(problems.Count == 0, _ids.Length, acknowledged, uncertain, problems.Take(20).ToList(), problems.Count);
    }
}
