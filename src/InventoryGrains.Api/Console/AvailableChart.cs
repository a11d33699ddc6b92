using System.Globalization;
using System.Text;
using InventoryGrains.Domain.Items;

namespace InventoryGrains.Api.Console;

/// <summary>
/// The item's available quantity over time, from its ledger: each change of <c>quantity</c> is a
/// step in a line drawn as SVG on the server (no script, no image to fetch).
/// </summary>
public sealed record AvailableChart(IReadOnlyList<(DateTimeOffset At, long Available)> Points)
{
    public const int Width = 640;
    public const int Height = 160;
    private const int Margin = 24;

    /// <summary>The points of the changes that moved the available quantity, in ledger order.</summary>
    public static AvailableChart From(IEnumerable<ChangeLogEntry> changes)
    {
        ArgumentNullException.ThrowIfNull(changes);
        var points = new List<(DateTimeOffset, long)>();
        foreach (var change in changes)
        {
            foreach (var field in change.Changes)
            {
                if (string.Equals(field.Field, LedgerFields.Quantity, StringComparison.Ordinal)
                    && long.TryParse(field.After, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var after))
                {
                    points.Add((change.Timestamp, after));
                }
            }
        }

        return new AvailableChart(points);
    }

    public long Lowest => Points.Count == 0 ? 0 : Math.Min(0, Points.Min(point => point.Available));

    public long Highest => Points.Count == 0 ? 0 : Points.Max(point => point.Available);

    /// <summary>The <c>points</c> of an SVG polyline: a step at each change, in a box of <see cref="Width"/> × <see cref="Height"/>.</summary>
    public string Polyline()
    {
        if (Points.Count == 0)
        {
            return "";
        }

        var (first, last) = (Points[0].At, Points[^1].At);
        var span = Math.Max(1, (last - first).Ticks);
        var range = Math.Max(1, Highest - Lowest);
        double X(DateTimeOffset at) => Margin + (Width - (2 * Margin)) * (double)(at - first).Ticks / span;
        double Y(long value) => Height - Margin - (Height - (2 * Margin)) * (double)(value - Lowest) / range;
        var text = new StringBuilder();
        double? previousY = null;
        foreach (var (at, available) in Points)
        {
            var (x, y) = (X(at), Y(available));
            if (previousY is { } stepFrom)
            {
                Append(text, x, stepFrom);
            }

            Append(text, x, y);
            previousY = y;
        }

        return text.ToString().TrimEnd();
    }

    private static void Append(StringBuilder text, double x, double y) =>
        text.Append(x.ToString("0.#", CultureInfo.InvariantCulture)).Append(',').Append(y.ToString("0.#", CultureInfo.InvariantCulture)).Append(' ');
}
