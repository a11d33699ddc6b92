using System.Globalization;
using System.Text;
using InventoryGrains.Abstractions.Inventory.Queries;
using InventoryGrains.Api.Authentication;
using InventoryGrains.Domain.Items;

namespace InventoryGrains.Api.Console;

/// <summary>
/// <c>GET /console/items.csv</c>: every item the items page's search selects, all pages, as CSV
/// (RFC 4180, UTF-8), written page by page as the query store answers: a tenant's whole catalog
/// streams out without being held in memory.
/// </summary>
public static class ItemExport
{
    private const int PageSize = 1000;

    public static readonly string[] Columns =
    [
        "id", "variantId", "productId", "locationId", "trackQuantity", "availabilityStatus",
        "available", "reserved", "committed", "damaged", "safetyStock", "qualityControl", "incoming", "onHand", "updatedDate",
    ];

    public static IEndpointRouteBuilder MapItemExport(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(ConsoleRegistration.Root + "/items.csv", ExportAsync)
            .RequireAuthorization(ConsoleRegistration.Policy)
            .ExcludeFromDescription();
        return endpoints;
    }

    private static async Task ExportAsync(string? q, string? location, string? availability, string? sort, HttpContext context, IGrainFactory grains)
    {
        var tenant = context.User.GetTenant();
        var query = new ItemSearch(q, location, availability, sort).First(PageSize);
        context.Response.ContentType = "text/csv; charset=utf-8";
        context.Response.Headers.ContentDisposition = $"attachment; filename=\"inventory-{DateTimeOffset.UtcNow:yyyyMMdd-HHmmss}.csv\"";
        context.Response.Headers.CacheControl = "no-store";
        await using var writer = new StreamWriter(context.Response.Body, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), bufferSize: 64 * 1024);
        await writer.WriteAsync(string.Join(',', Columns) + "\r\n");
        while (true)
        {
            var page = await grains.ItemQueries().QueryAsync(tenant, query, context.RequestAborted);
            foreach (var item in page.Items)
            {
                await writer.WriteAsync(Row(item));
            }

            await writer.FlushAsync(context.RequestAborted);
            if (page.Next is not { } next)
            {
                break;
            }

            query = query with { After = next };
        }
    }

    /// <summary>One item's line, its fields in the order of <see cref="Columns"/>.</summary>
    public static string Row(InventoryItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        var q = item.Quantities;
        string Number(long? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "";
        return string.Join(',',
            Text(item.Id), Text(item.VariantId), Text(item.ProductId), Text(item.LocationId),
            item.TrackQuantity ? "true" : "false", item.AvailabilityStatus.ContractName(),
            Number(q?.Available), Number(q?.Reserved), Number(q?.Committed), Number(q?.Damaged), Number(q?.SafetyStock),
            Number(q?.QualityControl), Number(q?.Incoming), Number(q?.OnHand),
            item.UpdatedDate.ToString("O", CultureInfo.InvariantCulture)) + "\r\n";
    }

    /// <summary>
    /// A text field: quoted when it holds a comma, quote or line break (quotes doubled); one that a
    /// spreadsheet would run as a formula (<c>= + - @</c>, tab, carriage return first) is prefixed
    /// with an apostrophe.
    /// </summary>
    public static string Text(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "";
        }

        if (value[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
        {
            value = "'" + value;
        }

        return value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }
}
