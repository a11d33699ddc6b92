using System.Collections.Concurrent;
using InventoryGrains.Api.Edge.Idempotency;
using InventoryGrains.Storage.Items;
using InventoryGrains.Storage.Memory;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace InventoryGrains.Api.Tests;

/// <summary>
/// The embedded mode whose item store can lose answers: the writes of items the test marks either
/// fail before they are stored, or are stored and then fail (the commit happened, its answer was
/// lost: an unknown outcome), or wait until the test lets them go on.
/// </summary>
public sealed class IdempotencyApiFactory() : EmbeddedApiFactory(new Dictionary<string, string>
{
    ["Inventory:ApiKeys:0:Key"] = Key,
    ["Inventory:ApiKeys:0:Tenant"] = "shop-1",
    ["Inventory:RateLimit:PermitLimit"] = "1000000",
})
{
    public const string Key = "idempotency-key-owner";

    public UnreliableItemStore Items { get; } = new(new MemoryItemStore());

    /// <summary>The idempotency keys' store, which the test can take away (as a database outage would).</summary>
    public AwayIdempotencyStore Keys { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services =>
        {
            services.RemoveAll<MemoryItemStore>();
            services.RemoveAll<IItemStore>();
            services.AddSingleton(Items.Inner);
            services.AddSingleton<IItemStore>(Items);
            services.AddSingleton(Keys);
            services.AddSingleton<IIdempotencyStore>(provider => Keys.Over(provider.GetRequiredService<MemoryIdempotencyStore>()));
            services.TryAddSingleton<MemoryIdempotencyStore>();
        });
    }
}

/// <summary>The in-memory item store, with failures and pauses the test decides per item id.</summary>
public sealed class UnreliableItemStore(MemoryItemStore inner) : IItemStore
{
    private readonly ConcurrentDictionary<string, Fault> _faults = new(StringComparer.Ordinal);

    public enum Fault
    {
        /// <summary>The next write fails and stores nothing.</summary>
        FailBeforeStoring,

        /// <summary>The next write is stored, then fails as if its answer were lost.</summary>
        FailAfterStoring,
    }

    private readonly ConcurrentDictionary<string, TaskCompletionSource> _waiting = new(StringComparer.Ordinal);

    /// <summary>Writes of these items wait for the task.</summary>
    public ConcurrentDictionary<string, Task> Gates { get; } = new(StringComparer.Ordinal);

    /// <summary>Completes once a write of the item waits at its gate.</summary>
    public Task WaitingAt(string itemId) => _waiting.GetOrAdd(itemId, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

    public MemoryItemStore Inner => inner;

    public void FailNextWrite(string itemId, Fault fault) => _faults[itemId] = fault;

    public Task<StoredItem?> ReadAsync(ItemKey key, int recentChanges) => inner.ReadAsync(key, recentChanges);

    public async Task<long> WriteAsync(ItemWrite write)
    {
        ArgumentNullException.ThrowIfNull(write);
        var taken = write with { State = write.State.Clone(), Changes = [.. write.Changes] };
        if (Gates.TryGetValue(write.Key.ItemId, out var gate))
        {
            _waiting.GetOrAdd(write.Key.ItemId, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
            await gate;
        }

        if (_faults.TryRemove(write.Key.ItemId, out var fault))
        {
            if (fault == Fault.FailAfterStoring)
            {
                await inner.WriteAsync(taken);
            }

            throw new IOException($"Injected storage failure ({fault}).");
        }

        return await inner.WriteAsync(taken);
    }

    /// <summary>A group write fails as the first of its items with a fault says (and each such fault is used up).</summary>
    public async Task<IReadOnlyList<long>> WriteGroupAsync(IReadOnlyList<ItemWrite> writes)
    {
        ArgumentNullException.ThrowIfNull(writes);
        var taken = writes.Select(write => write with { State = write.State.Clone(), Changes = [.. write.Changes] }).ToList();
        Fault? fault = null;
        foreach (var write in writes)
        {
            if (_faults.TryRemove(write.Key.ItemId, out var found))
            {
                fault ??= found;
            }
        }

        if (fault is { } failure)
        {
            if (failure == Fault.FailAfterStoring)
            {
                await inner.WriteGroupAsync(taken);
            }

            throw new IOException($"Injected storage failure ({failure}).");
        }

        return await inner.WriteGroupAsync(taken);
    }

    public Task ClearAsync(ItemKey key, long expectedVersion) => inner.ClearAsync(key, expectedVersion);
}

/// <summary>The memory idempotency store, or none at all while <see cref="Away"/> is set.</summary>
public sealed class AwayIdempotencyStore : IIdempotencyStore
{
    private IIdempotencyStore? _inner;

    public bool Away { get; set; }

    public AwayIdempotencyStore Over(IIdempotencyStore inner)
    {
        _inner = inner;
        return this;
    }

    public Task<IdempotencyClaim> ClaimAsync(string tenant, string key, byte[] fingerprint, CancellationToken cancellationToken) =>
        Away ? throw new TimeoutException("the store is away") : _inner!.ClaimAsync(tenant, key, fingerprint, cancellationToken);

    public Task CompleteAsync(string tenant, string key, StoredResponse response, bool final, CancellationToken cancellationToken) =>
        Away ? throw new TimeoutException("the store is away") : _inner!.CompleteAsync(tenant, key, response, final, cancellationToken);

    public Task ReleaseAsync(string tenant, string key, CancellationToken cancellationToken) =>
        Away ? throw new TimeoutException("the store is away") : _inner!.ReleaseAsync(tenant, key, cancellationToken);
}
