using System.Collections.Concurrent;
using Orleans.Storage;

namespace InventoryGrains.Grains.Tests;

/// <summary>
/// In-memory grain storage with ETag checks whose writes can be made to fail, to prove that a
/// failed write is neither acknowledged nor left behind in the grain.
/// </summary>
public sealed class FaultyGrainStorage : IGrainStorage
{
    private readonly ConcurrentDictionary<GrainId, (object State, string ETag)> _store = new();

    private volatile bool _failWrites;

    private volatile bool _failReads;

    public bool FailWrites
    {
        get => _failWrites;
        set => _failWrites = value;
    }

    /// <summary>Reads fail, so activating a grain fails and calls to it throw.</summary>
    public bool FailReads
    {
        get => _failReads;
        set => _failReads = value;
    }

    /// <summary>Writes of the grains this matches fail; the others succeed.</summary>
    public Func<GrainId, bool>? FailWritesFor { get; set; }

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        if (FailReads)
        {
            throw new IOException("Injected storage failure.");
        }

        if (_store.TryGetValue(grainId, out var stored))
        {
            grainState.State = (T)stored.State;
            grainState.ETag = stored.ETag;
            grainState.RecordExists = true;
        }

        return Task.CompletedTask;
    }

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        if (FailWrites || FailWritesFor?.Invoke(grainId) == true)
        {
            throw new IOException("Injected storage failure.");
        }

        var etag = Guid.NewGuid().ToString("N");
        _store[grainId] = (grainState.State!, etag);
        grainState.ETag = etag;
        grainState.RecordExists = true;
        return Task.CompletedTask;
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        _store.TryRemove(grainId, out _);
        grainState.ETag = null;
        grainState.RecordExists = false;
        return Task.CompletedTask;
    }

    public T? Stored<T>(GrainId grainId) => _store.TryGetValue(grainId, out var stored) ? (T)stored.State : default;

}
