using System.Net;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.DependencyInjection;

namespace InventoryGrains.Hosting.Networking;

/// <summary>
/// Wraps Orleans' listener factories (silo and gateway) so that their ports are never shared: the
/// port must be free before Orleans binds it, and on Linux, after binding, this process must be
/// its only listener (two processes starting at the same moment both see a free port; whichever
/// finds the other afterwards gives up).
/// </summary>
internal sealed class ExclusiveListenerFactory(IConnectionListenerFactory inner, Func<int, PortInUseException> inUse) : IConnectionListenerFactory
{
    public async ValueTask<IConnectionListener> BindAsync(EndPoint endpoint, CancellationToken cancellationToken = default)
    {
        if (endpoint is not IPEndPoint address)
        {
            return await inner.BindAsync(endpoint, cancellationToken);
        }

        if (!PortAvailability.IsFree(address))
        {
            throw inUse(address.Port);
        }

        var listener = await inner.BindAsync(endpoint, cancellationToken);
        if (PortAvailability.CountListeners(address) > 1)
        {
            await listener.DisposeAsync();
            throw inUse(address.Port);
        }

        return listener;
    }
}

internal static class ExclusiveListenerRegistration
{
    /// <summary>
    /// Decorates every keyed <see cref="IConnectionListenerFactory"/> registered so far (Orleans
    /// registers one for silo connections and one for the gateway, under keys of its own).
    /// </summary>
    public static void UseExclusiveListeners(this IServiceCollection services, Func<int, PortInUseException> inUse)
    {
        foreach (var descriptor in services.Where(d => d.ServiceType == typeof(IConnectionListenerFactory) && d.IsKeyedService).ToList())
        {
            services.Remove(descriptor);
            services.Add(new ServiceDescriptor(
                typeof(IConnectionListenerFactory),
                descriptor.ServiceKey,
                (provider, key) => new ExclusiveListenerFactory(Create(descriptor, provider, key), inUse),
                descriptor.Lifetime));
        }
    }

    private static IConnectionListenerFactory Create(ServiceDescriptor descriptor, IServiceProvider provider, object? key) =>
        (IConnectionListenerFactory)(descriptor.KeyedImplementationInstance
            ?? descriptor.KeyedImplementationFactory?.Invoke(provider, key)
            ?? ActivatorUtilities.CreateInstance(provider, descriptor.KeyedImplementationType!));
}
