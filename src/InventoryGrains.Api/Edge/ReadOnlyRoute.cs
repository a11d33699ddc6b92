namespace InventoryGrains.Api.Edge;

/// <summary>
/// Endpoint metadata of a route that changes nothing although its method may be POST (a query
/// sent as a body): it takes no <c>Idempotency-Key</c> and stores no answer.
/// </summary>
public sealed class ReadOnlyRoute
{
    public static ReadOnlyRoute Instance { get; } = new();

    private ReadOnlyRoute()
    {
    }
}
