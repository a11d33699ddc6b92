using InventoryGrains.Abstractions.Variants;
using InventoryGrains.Api.Authentication;
using InventoryGrains.Api.Edge.OpenApi;

namespace InventoryGrains.Api.Dialects.Stoq;

/// <summary>A variant's inventory policy and plans, as the Stoq API reports them.</summary>
public static class StoqVariantEndpoints
{
    public static IEndpointRouteBuilder MapStoqVariantEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/variants/{variantId}", GetAsync).WithName("StoqGetVariant").Documented(StoqDocs.GetVariant);
        return endpoints;
    }

    private static async Task<IResult> GetAsync(string variantId, HttpContext context, IGrainFactory grains)
    {
        if (!long.TryParse(variantId, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id) || id <= 0)
        {
            return StoqSellingPlanEndpoints.Error(StatusCodes.Status400BadRequest, "variant_id must be a positive integer");
        }

        var variant = await grains.GetGrain<IVariantGrain>(VariantKey.Format(context.User.GetTenant(), id)).GetAsync();
        return TypedResults.Json(StoqJson.Write(variant), StoqJson.Options);
    }
}
