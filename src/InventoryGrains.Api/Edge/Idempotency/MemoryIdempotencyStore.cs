using InventoryGrains.Abstractions.Idempotency;
using Microsoft.Extensions.Options;

namespace InventoryGrains.Api.Edge.Idempotency;

/// <summary>
/// Idempotency keys in this process's memory, for a front-end without a database (the embedded
/// mode): the same contract as the PostgreSQL store, seen by this process only.
/// </summary>
public sealed class MemoryIdempotencyStore(IOptions<IdempotencyOptions> options, TimeProvider clock) : IIdempotencyStore
{
    private readonly Dictionary<(string Tenant, string Key), Entry> _entries = [];

    public Task<IdempotencyClaim> ClaimAsync(string tenant, string key, byte[] fingerprint, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        lock (_entries)
        {
            if (_entries.Count > 0 && now >= _nextSweep)
            {
                Sweep(now);
            }

            if (!_entries.TryGetValue((tenant, key), out var entry) || entry.ExpiresAt <= now)
            {
                _entries[(tenant, key)] = Entry.Running(fingerprint, now, options.Value.Retention);
                return Task.FromResult(new IdempotencyClaim(IdempotencyClaimKind.Run));
            }

            if (!entry.Fingerprint.AsSpan().SequenceEqual(fingerprint))
            {
                return Task.FromResult(new IdempotencyClaim(IdempotencyClaimKind.Reused));
            }

            if (entry.Final)
            {
                return Task.FromResult(new IdempotencyClaim(IdempotencyClaimKind.Replay, Response: entry.Response));
            }

            if (entry.LeaseUntil > now)
            {
                return Task.FromResult(new IdempotencyClaim(IdempotencyClaimKind.InUse));
            }

            _entries[(tenant, key)] = Entry.Running(fingerprint, now, options.Value.Retention);
            return Task.FromResult(new IdempotencyClaim(IdempotencyClaimKind.Run, Repeat: true));
        }
    }

    public Task CompleteAsync(string tenant, string key, StoredResponse response, bool final, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        lock (_entries)
        {
            if (_entries.TryGetValue((tenant, key), out var entry))
            {
                _entries[(tenant, key)] = entry with { Final = final, LeaseUntil = now, Response = response, ExpiresAt = now + options.Value.Retention };
            }
        }

        return Task.CompletedTask;
    }

    public Task ReleaseAsync(string tenant, string key, CancellationToken cancellationToken)
    {
        lock (_entries)
        {
            if (_entries.TryGetValue((tenant, key), out var entry) && !entry.Final)
            {
                _entries[(tenant, key)] = entry with { LeaseUntil = DateTimeOffset.MinValue };
            }
        }

        return Task.CompletedTask;
    }

    private DateTimeOffset _nextSweep = DateTimeOffset.MinValue;

    /// <summary>Drops expired keys, at most once a minute, so memory stays bounded by the retention.</summary>
    private void Sweep(DateTimeOffset now)
    {
        foreach (var expired in _entries.Where(e => e.Value.ExpiresAt <= now).Select(e => e.Key).ToList())
        {
            _entries.Remove(expired);
        }

        _nextSweep = now + TimeSpan.FromMinutes(1);
    }

    private sealed record Entry(byte[] Fingerprint, bool Final, DateTimeOffset LeaseUntil, StoredResponse? Response, DateTimeOffset ExpiresAt)
    {
        public static Entry Running(byte[] fingerprint, DateTimeOffset now, TimeSpan retention) =>
            new(fingerprint, false, now + IdempotencyLease.Duration, null, now + retention);
    }
}

/// <summary>How long a running request holds its key before another process may take it over.</summary>
public static class IdempotencyLease
{
    /// <summary>
    /// Longer than a request runs (a bulk's items run side by side, each waits at most 20 s, a
    /// statement 15 s). Only a process that dies mid-request leaves its key held this long; were a
    /// request to outlive it, a repeat would run beside it, and the items' operation ids would still
    /// apply each change once.
    /// </summary>
    public static readonly TimeSpan Duration = TimeSpan.FromMinutes(1);
}
