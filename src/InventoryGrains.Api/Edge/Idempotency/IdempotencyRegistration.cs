using InventoryGrains.Abstractions.Idempotency;
using InventoryGrains.Hosting.Configuration;
using InventoryGrains.Hosting.Database;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Npgsql;

namespace InventoryGrains.Api.Edge.Idempotency;

public static class IdempotencyRegistration
{
    /// <summary>Idempotency keys in PostgreSQL when the deployment has it (shared by every front-end), else in memory.</summary>
    public static IServiceCollection AddIdempotency(this IServiceCollection services, IConfiguration configuration, InventoryDeployment deployment)
    {
        services.AddValidatedOptions<IdempotencyOptions, IdempotencyOptionsValidator>(configuration.GetSection(IdempotencyOptions.SectionName));
        services.TryAddSingleton(TimeProvider.System);
        if (deployment.Storage == StorageMode.PostgreSql)
        {
            var connections = services.AddDatabaseConnections(configuration);
            services.AddSingleton(new ConnectionPool(InventoryDatabase.IdempotencyPool, connections.IdempotencyConnections));
            services.AddKeyedSingleton(InventoryDatabase.IdempotencyPool, (_, _) =>
                InventoryDatabase.Create(deployment.RequireConnectionString(), connections.IdempotencyConnections, connections.ConnectionWait));
            services.AddSingleton<PostgresIdempotencyStore>();
            services.AddSingleton<IIdempotencyStore>(provider => provider.GetRequiredService<PostgresIdempotencyStore>());
            services.AddHostedService<ExpiredIdempotencyKeyCleanup>();
        }
        else
        {
            services.AddSingleton<IIdempotencyStore, MemoryIdempotencyStore>();
        }

        services.AddSingleton<PendingCompletions>();
        services.AddHostedService(provider => provider.GetRequiredService<PendingCompletions>());
        return services;
    }
}

[OptionsValidator]
public sealed partial class IdempotencyOptionsValidator : IValidateOptions<IdempotencyOptions>;

/// <summary>Deletes keys past their retention every few minutes, so the table stays bounded by it.</summary>
public sealed partial class ExpiredIdempotencyKeyCleanup(PostgresIdempotencyStore store, ILogger<ExpiredIdempotencyKeyCleanup> logger) : BackgroundService
{
    private static readonly TimeSpan Period = TimeSpan.FromMinutes(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Period);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                while (await store.DeleteExpiredAsync(stoppingToken) > 0)
                {
                    // Deleted in slices of 10,000 rows until none is left.
                }
            }
            catch (Exception exception) when (exception is NpgsqlException or TimeoutException)
            {
                // The next round tries again.
                LogCleanupFailed(logger, exception);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Deleting expired idempotency keys failed")]
    private static partial void LogCleanupFailed(ILogger logger, Exception exception);
}
