namespace InventoryGrains.Silo.Tests;

/// <summary>
/// Tests that start silo and API processes, kill them, or stop a database: they run one at a time,
/// so that their timing figures are not those of five clusters sharing two cores.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class RealProcesses
{
    public const string Name = "Real processes";
}
