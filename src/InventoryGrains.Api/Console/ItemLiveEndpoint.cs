using InventoryGrains.Abstractions.Inventory;
using InventoryGrains.Abstractions.Inventory.Changes;
using InventoryGrains.Api.Authentication;
using InventoryGrains.Domain.Items;

namespace InventoryGrains.Api.Console;

/// <summary>
/// <c>GET /console/items/{id}/live?revision=N</c>: what an open item page asks twice a second. The
/// item's changes after the revision the page shows are read from its ledger (the change feed of
/// one item); when there is one, the answer is the item's revision and quantities now, else 204.
/// </summary>
public static class ItemLiveEndpoint
{
    public static IEndpointRouteBuilder MapItemLive(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(ConsoleRegistration.Root + "/items/{id}/live", LiveAsync)
            .RequireAuthorization(ConsoleRegistration.Policy)
            .ExcludeFromDescription();
        return endpoints;
    }

    public sealed record LiveItem(long Revision, IReadOnlyDictionary<string, long> Quantities);

    private static async Task<IResult> LiveAsync(string id, long revision, HttpContext context, IGrainFactory grains)
    {
        var tenant = context.User.GetTenant();
        var newer = await grains.Changes().ReadItemChangesAsync(tenant, id, revision, 1, context.RequestAborted);
        if (newer.Count == 0 || await grains.GetGrain<IInventoryItemGrain>(InventoryItemKey.Format(tenant, id)).GetAsync() is not { } item)
        {
            return TypedResults.NoContent();
        }

        var quantities = new Dictionary<string, long>(StringComparer.Ordinal);
        if (item.Quantities is { } q)
        {
            foreach (var name in Enum.GetValues<QuantityName>())
            {
                quantities[name.Code()] = q[name];
            }
        }

        return TypedResults.Json(new LiveItem(item.Revision, quantities));
    }
}
