namespace InventoryGrains.Api.Tests.Observability;

/// <summary>
/// The service's meters are static, so every host in this test process reports into them: tests
/// that assert exact changes of a counter run here, by themselves, after the parallel ones.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SharedMeters
{
    public const string Name = "Shared meters";
}
