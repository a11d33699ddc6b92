using InventoryGrains.Abstractions;
using InventoryGrains.Storage;
using InventoryGrains.Storage.PostgreSql;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime;
using Orleans.Storage;

namespace InventoryGrains.Hosting;

/// <summary>
/// Another provider's grain storage (Orleans' ADO.NET storage), whose failures leave it as
/// <see cref="StorageFailures.Translate"/> makes them: a grain whose activation or write fails on a
/// database outage then answers its caller with an error Orleans can carry, instead of the driver's
/// exception, which arrives as a codec error and a 500.
/// </summary>
internal sealed class StorageFailureTranslation(IGrainStorage inner) : IGrainStorage, ILifecycleParticipant<ISiloLifecycle>
{
    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        try
        {
            await inner.ReadStateAsync(stateName, grainId, grainState);
        }
        catch (Exception exception)
        {
            throw Translate($"Reading the state of {grainId}", exception);
        }
    }

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        try
        {
            await inner.WriteStateAsync(stateName, grainId, grainState);
        }
        catch (Exception exception)
        {
            throw Translate($"Writing the state of {grainId}", exception);
        }
    }

    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        try
        {
            await inner.ClearStateAsync(stateName, grainId, grainState);
        }
        catch (Exception exception)
        {
            throw Translate($"Clearing the state of {grainId}", exception);
        }
    }

    /// <summary>A value the database refused is a known outcome (nothing stored); any other failure is translated as the item store's are.</summary>
    private static Exception Translate(string operation, Exception exception) =>
        PostgresFaults.IsRefusal(exception) || (exception.InnerException is { } inner && PostgresFaults.IsRefusal(inner))
            ? StorageRefusedException.From(exception)
            : StorageFailures.Translate(operation, exception);

    /// <summary>The provider's own start-up (it loads its queries) still runs, through the wrapper that replaced it.</summary>
    public void Participate(ISiloLifecycle observer)
    {
        if (inner is ILifecycleParticipant<ISiloLifecycle> participant)
        {
            participant.Participate(observer);
        }
    }
}

internal static class StorageFailureTranslationRegistration
{
    /// <summary>
    /// Puts the named ADO.NET grain storage behind <see cref="StorageFailureTranslation"/>: the
    /// registration made last is the one grains get, and Orleans' own lifecycle registration of the
    /// storage resolves it too.
    /// </summary>
    public static ISiloBuilder TranslateAdoNetStorageFailures(this ISiloBuilder silo, string name)
    {
        silo.Services.AddKeyedSingleton<IGrainStorage>(name, (services, key) => new StorageFailureTranslation(AdoNetGrainStorageFactory.Create(services, (string)key!)));
        return silo;
    }
}
