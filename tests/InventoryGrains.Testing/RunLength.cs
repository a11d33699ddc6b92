namespace InventoryGrains.Testing;

/// <summary>
/// How long the load of a fault test runs: its short form in the test suite (and so in CI), four
/// times longer under <c>./build.sh reliability</c>, which sets <c>INVENTORY_LONG_RUNS=1</c>.
/// </summary>
public static class RunLength
{
    public const string Variable = "INVENTORY_LONG_RUNS";

    public static bool IsLong => Environment.GetEnvironmentVariable(Variable) is "1" or "true";

    public static TimeSpan Of(TimeSpan shortForm) => IsLong ? shortForm * 4 : shortForm;
}
