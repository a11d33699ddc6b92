using System.ComponentModel.DataAnnotations;
using InventoryGrains.Hosting.Configuration;
using Microsoft.Extensions.Options;

namespace InventoryGrains.Hosting.Database;

/// <summary>
/// How many PostgreSQL connections each process may open, pool by pool: the one place that sets
/// them (<c>Inventory:Database</c>). A process never opens more than its budget, whatever the
/// load; a caller that finds its pool busy waits for a connection (at most
/// <see cref="ConnectionWait"/>) instead of failing. Pool sizes written in the connection string
/// are replaced by these.
/// </summary>
public sealed class DatabaseConnectionOptions
{
    public const string SectionName = "Inventory:Database";

    /// <summary>
    /// A silo's item store: its group commits (one connection per batch in flight: two partitions
    /// of writes and two of reads by default) and the ledger and feed reads.
    /// </summary>
    [Range(1, 500)]
    public int ItemStoreConnections { get; set; } = 6;

    /// <summary>A silo's item queries (list, search, count), apart from the store's, so a slow query never holds a write up.</summary>
    [Range(1, 500)]
    public int QueryConnections { get; set; } = 4;

    /// <summary>
    /// Orleans' own tables, shared by membership, grain state (selling plans, identifiers, jobs,
    /// webhooks) and reminders in a silo; an API in the client role reads only membership with them
    /// and opens at most <see cref="ClientMembershipConnections"/>.
    /// </summary>
    [Range(1, 500)]
    public int OrleansConnections { get; set; } = 6;

    /// <summary>An API's idempotency keys.</summary>
    [Range(1, 500)]
    public int IdempotencyConnections { get; set; } = 4;

    /// <summary>How long a caller waits for a free connection of its pool, or for the server to accept one, before it fails.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:05:00")]
    public TimeSpan ConnectionWait { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>For <c>setup-database</c>'s check: the silos the deployment runs (the README's cluster has two).</summary>
    [Range(0, 1000)]
    public int ExpectedSilos { get; set; } = 2;

    /// <summary>For <c>setup-database</c>'s check: the client-role APIs the deployment runs.</summary>
    [Range(0, 1000)]
    public int ExpectedApis { get; set; } = 1;

    /// <summary>A client-role API's membership reads: one refresh of the gateway list at a time, and room for a second.</summary>
    public const int ClientMembershipConnections = 2;

    /// <summary>The readiness check's own connection (<c>/health/ready</c> asks the database).</summary>
    public const int HealthCheckConnections = 1;

    /// <summary>The most connections one silo process opens.</summary>
    public int SiloBudget => ItemStoreConnections + QueryConnections + OrleansConnections + HealthCheckConnections;

    /// <summary>The most connections one API process opens: a combined API hosts a silo too.</summary>
    public int ApiBudget(HostRole role) =>
        IdempotencyConnections + (role == HostRole.Client ? ClientMembershipConnections + HealthCheckConnections : SiloBudget);

    /// <summary>The most connections a deployment of <paramref name="silos"/> silos and <paramref name="apis"/> client-role APIs opens.</summary>
    public int DeploymentBudget(int silos, int apis) => silos * SiloBudget + apis * ApiBudget(HostRole.Client);
}

[OptionsValidator]
public sealed partial class DatabaseConnectionOptionsValidator : IValidateOptions<DatabaseConnectionOptions>;

/// <summary>One connection pool this process opens, registered where the pool is made, so the process knows its own budget.</summary>
public sealed record ConnectionPool(string Name, int MaxConnections);
