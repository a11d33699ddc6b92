namespace InventoryGrains.Hosting.Configuration;

public enum StorageMode
{
    /// <summary>Localhost clustering and in-memory grain state: nothing survives the process.</summary>
    InMemory,

    /// <summary>ADO.NET clustering, grain storage and reminders on PostgreSQL.</summary>
    PostgreSql,
}
