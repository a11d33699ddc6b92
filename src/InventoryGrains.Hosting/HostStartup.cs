using InventoryGrains.Hosting.Configuration;
using InventoryGrains.Hosting.Networking;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Configuration;
using Orleans.Runtime.Messaging;

namespace InventoryGrains.Hosting;

public static class HostStartup
{
    /// <summary>
    /// Runs the host until it stops. A start-up failure an operator fixes with a setting (a port
    /// taken by another process, a cluster of another service) ends the process with exit code 1
    /// and one line on standard error that names it, instead of a stack trace.
    /// </summary>
    public static async Task<int> RunToExitCodeAsync(this IHost host, string processName)
    {
        ArgumentNullException.ThrowIfNull(host);

        // Read now: a host that fails to start disposes its services before the failure reaches us.
        var cluster = host.Services.GetRequiredService<IConfiguration>().GetSection(InventoryClusterOptions.SectionName).Get<InventoryClusterOptions>() ?? new InventoryClusterOptions();
        try
        {
            await host.RunAsync();
            return 0;
        }
        catch (Exception exception) when (OperatorMessage(exception, cluster) is { } message)
        {
            await Console.Error.WriteLineAsync($"{processName}: {message}");
            return 1;
        }
    }

    private static string? OperatorMessage(Exception exception, InventoryClusterOptions cluster)
    {
        foreach (var cause in Causes(exception))
        {
            switch (cause)
            {
                case PortInUseException or ClusterMismatchException:
                    return cause.Message;
                case ConnectionFailedException:
                    // A grain client that found no gateway of its cluster (none running, or only
                    // gateways of another cluster id, which Orleans refuses) in the time it had.
                    return $"no gateway of cluster '{cluster.ClusterId}' answered within {cluster.ClientConnectTimeout} ({cause.Message.TrimEnd('.')}): " +
                        "check that its silos run, and Inventory:Cluster:ClusterId, Inventory:Cluster:GatewayPort or ConnectionStrings:Inventory.";
                case IOException { InnerException: AddressInUseException } bind:
                    // Kestrel: "Failed to bind to address http://…: address already in use."
                    return $"{bind.Message.TrimEnd('.')}: stop the other process, or choose another address with --urls or ASPNETCORE_URLS.";
            }
        }

        return null;
    }

    private static IEnumerable<Exception> Causes(Exception exception)
    {
        var pending = new Stack<Exception>([exception]);
        while (pending.TryPop(out var next))
        {
            yield return next;
            if (next is AggregateException aggregate)
            {
                foreach (var inner in aggregate.InnerExceptions)
                {
                    pending.Push(inner);
                }
            }
            else if (next.InnerException is { } inner)
            {
                pending.Push(inner);
            }
        }
    }
}
