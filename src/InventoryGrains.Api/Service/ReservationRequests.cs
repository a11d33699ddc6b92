using System.Text.Json;
using InventoryGrains.Api.Edge;
using InventoryGrains.Api.Edge.Text;
using InventoryGrains.Domain.Reservations;

namespace InventoryGrains.Api.Service;

/// <summary>
/// Reads the bodies of the reservation routes, checking their shape only: fields present, of the
/// right type, within their ranges. Whether stock can be held is the items' to decide, and which
/// transition is allowed the reservation's.
/// </summary>
internal static class ReservationRequests
{
    public sealed record Create(string? Id, IReadOnlyList<ReservationLine> Lines, TimeSpan ExpiresIn, string? Reference);

    public static (Create? Request, DialectError? Problem) ReadCreate(JsonElement body)
    {
        if (body.ValueKind != JsonValueKind.Object)
        {
            return (null, BodyShape.Invalid("body", "The body must be a JSON object."));
        }

        if (BodyShape.Unknown(body, ["id", "lines", "expiresInSeconds", "reference"], "") is { } unknown)
        {
            return (null, unknown);
        }

        var (id, idProblem) = Text(body, "id", TextRules.IdentifierLength);
        if (idProblem is not null)
        {
            return (null, idProblem);
        }

        var (reference, referenceProblem) = Text(body, "reference", TextRules.IdentifierLength);
        if (referenceProblem is not null)
        {
            return (null, referenceProblem);
        }

        var expiresIn = ReservationRules.DefaultExpiry;
        if (body.TryGetProperty("expiresInSeconds", out var expiry) && expiry.ValueKind != JsonValueKind.Null)
        {
            var (seconds, problem) = Seconds(expiry, "expiresInSeconds");
            if (problem is not null)
            {
                return (null, problem);
            }

            expiresIn = seconds;
        }

        if (!body.TryGetProperty("lines", out var lines) || lines.ValueKind != JsonValueKind.Array || lines.GetArrayLength() is < 1 or > ReservationRules.MaxLines)
        {
            return (null, BodyShape.Invalid("lines", $"lines must be an array of 1 to {ReservationRules.MaxLines} lines."));
        }

        var read = new List<ReservationLine>(lines.GetArrayLength());
        foreach (var line in lines.EnumerateArray())
        {
            var path = $"lines[{read.Count}]";
            if (line.ValueKind != JsonValueKind.Object)
            {
                return (null, BodyShape.Invalid(path, $"{path} must be an object."));
            }

            if (BodyShape.Unknown(line, ["itemId", "quantity"], path + ".") is { } unknownField)
            {
                return (null, unknownField);
            }

            var (itemId, itemProblem) = Text(line, "itemId", TextRules.IdentifierLength, path + ".");
            if (itemProblem is not null || itemId is null)
            {
                return (null, itemProblem ?? BodyShape.Invalid($"{path}.itemId", $"{path}.itemId is required: 1 to {TextRules.IdentifierLength} characters."));
            }

            if (!line.TryGetProperty("quantity", out var quantity) || quantity.ValueKind != JsonValueKind.Number || !quantity.TryGetInt32(out var value) || value < 1)
            {
                return (null, BodyShape.Invalid($"{path}.quantity", $"{path}.quantity is required: a whole number from 1 to {int.MaxValue}."));
            }

            read.Add(new ReservationLine(itemId, value));
        }

        return ReservationRules.CheckCreate(read, expiresIn) is { } invalid
            ? (null, BodyShape.Invalid("lines", invalid))
            : (new Create(id, read, expiresIn, reference), null);
    }

    public static (TimeSpan? ExtendBy, DialectError? Problem) ReadExtend(JsonElement body)
    {
        if (body.ValueKind != JsonValueKind.Object)
        {
            return (null, BodyShape.Invalid("body", "The body must be a JSON object."));
        }

        if (BodyShape.Unknown(body, ["expiresInSeconds"], "") is { } unknown)
        {
            return (null, unknown);
        }

        if (!body.TryGetProperty("expiresInSeconds", out var expiry))
        {
            return (null, BodyShape.Invalid("expiresInSeconds", "expiresInSeconds is required: 1 to 604800."));
        }

        var (seconds, problem) = Seconds(expiry, "expiresInSeconds");
        return problem is not null ? (null, problem) : (seconds, null);
    }

    /// <summary>A reservation id as a route or a query names it: the same text rules as in a body.</summary>
    public static DialectError? CheckId(string id, string field) =>
        string.IsNullOrWhiteSpace(id) || TextRules.Problem(id, TextRules.IdentifierLength) is not null
            ? BodyShape.Invalid(field, $"{field} must be 1 to {TextRules.IdentifierLength} characters of text.")
            : null;

    private static (TimeSpan Value, DialectError? Problem) Seconds(JsonElement element, string field) =>
        element.ValueKind == JsonValueKind.Number && element.TryGetInt32(out var seconds) && seconds >= 1 && seconds <= ReservationRules.MaxExpiry.TotalSeconds
            ? (TimeSpan.FromSeconds(seconds), null)
            : (TimeSpan.Zero, BodyShape.Invalid(field, $"{field} must be a whole number from 1 to {(int)ReservationRules.MaxExpiry.TotalSeconds}."));

    /// <summary>An optional text field (absent or null: none), within the text rules.</summary>
    private static (string? Value, DialectError? Problem) Text(JsonElement holder, string field, int maxLength, string prefix = "")
    {
        if (!holder.TryGetProperty(field, out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return (null, null);
        }

        return element.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(element.GetString()) && TextRules.Problem(element.GetString()!, maxLength) is null
            ? (element.GetString(), null)
            : (null, BodyShape.Invalid(prefix + field, $"{prefix}{field} must be 1 to {maxLength} characters of text."));
    }

}
