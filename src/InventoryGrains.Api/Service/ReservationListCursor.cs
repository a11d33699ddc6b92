using System.Globalization;
using InventoryGrains.Abstractions.Reservations;
using InventoryGrains.Api.Edge.Cursors;

namespace InventoryGrains.Api.Service;

/// <summary>
/// Where a page of a tenant's reservations ended (the last one's creation time and id), sealed for
/// the tenant: the list route's <c>nextCursor</c>, and the console's next page.
/// </summary>
public static class ReservationListCursor
{
    private const string Route = "reservations";

    public static string Seal(CursorSeal seal, string tenant, ReservationListPosition last)
    {
        ArgumentNullException.ThrowIfNull(seal);
        ArgumentNullException.ThrowIfNull(last);
        return seal.Seal(Route, tenant, $"{last.CreatedAt.UtcTicks.ToString(CultureInfo.InvariantCulture)}|{last.Id}");
    }

    public static bool TryOpen(CursorSeal seal, string tenant, string cursor, out ReservationListPosition? position)
    {
        ArgumentNullException.ThrowIfNull(seal);
        position = null;
        if (!seal.TryOpen(Route, tenant, cursor, out var text))
        {
            return false;
        }

        var bar = text.IndexOf('|', StringComparison.Ordinal);
        if (bar > 0 && long.TryParse(text.AsSpan(0, bar), NumberStyles.None, CultureInfo.InvariantCulture, out var ticks) && ticks <= DateTimeOffset.MaxValue.UtcTicks)
        {
            position = new ReservationListPosition(new DateTimeOffset(ticks, TimeSpan.Zero), text[(bar + 1)..]);
        }

        return position is not null;
    }
}
