using Microsoft.Extensions.Configuration;

namespace InventoryGrains.Hosting.Configuration;

/// <summary>
/// The deployment a process belongs to, read once from configuration: its storage follows from
/// whether <c>ConnectionStrings:Inventory</c> is set, its role from <c>Inventory:Role</c>.
/// </summary>
public sealed record InventoryDeployment(StorageMode Storage, HostRole Role, string? ConnectionString)
{
    public const string ConnectionStringName = "Inventory";
    public const string RoleKey = "Inventory:Role";

    /// <summary>The ADO.NET invariant name under which Npgsql is found.</summary>
    public const string AdoNetInvariant = "Npgsql";

    public static InventoryDeployment From(IConfiguration configuration)
    {
        var connectionString = configuration.GetConnectionString(ConnectionStringName);
        var storage = string.IsNullOrWhiteSpace(connectionString) ? StorageMode.InMemory : StorageMode.PostgreSql;

        var roleText = configuration[RoleKey];
        var role = HostRole.Combined;
        if (!string.IsNullOrWhiteSpace(roleText) && !Enum.TryParse(roleText, ignoreCase: true, out role))
        {
            throw new InvalidOperationException(
                $"'{RoleKey}' is '{roleText}'; expected one of: {string.Join(", ", Enum.GetNames<HostRole>())}.");
        }

        return new InventoryDeployment(storage, role, storage == StorageMode.PostgreSql ? connectionString : null);
    }

    /// <summary>One process, silo and API together, nothing persisted: the development default.</summary>
    public bool IsEmbedded => Storage == StorageMode.InMemory && Role == HostRole.Combined;

    public string RequireConnectionString() =>
        ConnectionString ?? throw new InvalidOperationException(
            $"PostgreSQL mode needs 'ConnectionStrings:{ConnectionStringName}'.");
}
