using System.Text.Json;
using InventoryGrains.Abstractions.Inventory.Quantities;
using InventoryGrains.Api.Edge;
using InventoryGrains.Api.Edge.Text;
using InventoryGrains.Domain.Items;

namespace InventoryGrains.Api.Service;

/// <summary>
/// Reads the body of a quantity route into lines, checking its shape only: the fields present and
/// of the right type, the reason and names spelled as the contract spells them, 1–250 lines. What a
/// line may do to an item is the item's to decide.
/// </summary>
internal static class QuantityRequests
{
    public const int MaxLines = 250;

    /// <summary>A request read: the lines grouped by item (in the order each item first appears), its reason and reference.</summary>
    public sealed record Parsed(IReadOnlyList<ItemQuantityLines> Items, ChangeReason Reason, string? Reference, int LineCount);

    public static (Parsed? Request, DialectError? Problem) ReadSet(JsonElement body) =>
        Read(body, "quantities", name: true, (line, index, name, path) =>
        {
            if (!name!.Value.Settable())
            {
                return (null, BodyShape.Invalid("name", $"name must be {QuantityNames.SettableCodes} for a set."));
            }

            var (quantity, problem) = Int(line, "quantity", path);
            if (problem is not null)
            {
                return (null, problem);
            }

            var (changeFrom, changeProblem) = ChangeFrom(line, path);
            return changeProblem is not null ? (null, changeProblem) : (new SetQuantityLine(index, name.Value, quantity, changeFrom), null);
        });

    public static (Parsed? Request, DialectError? Problem) ReadAdjust(JsonElement body) =>
        Read(body, "changes", name: true, (line, index, name, path) =>
        {
            if (!name!.Value.Adjustable())
            {
                return (null, BodyShape.Invalid("name", $"name must be {QuantityNames.AdjustableCodes} for an adjustment."));
            }

            var (delta, problem) = Int(line, "delta", path);
            if (problem is not null)
            {
                return (null, problem);
            }

            var (changeFrom, changeProblem) = ChangeFrom(line, path);
            return changeProblem is not null ? (null, changeProblem) : (new AdjustQuantityLine(index, name.Value, delta, changeFrom), null);
        });

    public static (Parsed? Request, DialectError? Problem) ReadMove(JsonElement body) =>
        Read(body, "changes", name: false, (line, index, _, path) =>
        {
            var (quantity, problem) = Int(line, "quantity", path);
            if (problem is not null)
            {
                return (null, problem);
            }

            var (from, fromChange, fromProblem) = End(line, "from", path);
            if (fromProblem is not null)
            {
                return (null, fromProblem);
            }

            var (to, toChange, toProblem) = End(line, "to", path);
            return toProblem is not null ? (null, toProblem) : (new MoveQuantityLine(index, quantity, from, fromChange, to, toChange), null);
        });

    private static (Parsed?, DialectError?) Read(
        JsonElement body, string arrayName, bool name, Func<JsonElement, int, QuantityName?, string, (QuantityLine?, DialectError?)> readLine)
    {
        if (body.ValueKind != JsonValueKind.Object)
        {
            return (null, BodyShape.Invalid("body", "The body must be a JSON object."));
        }

        string[] known = name ? ["name", "reason", "referenceDocumentUri", arrayName] : ["reason", "referenceDocumentUri", arrayName];
        if (BodyShape.Unknown(body, known, "") is { } unknown)
        {
            return (null, unknown);
        }

        QuantityName? quantityName = null;
        if (name)
        {
            if (!body.TryGetProperty("name", out var nameElement) || nameElement.ValueKind != JsonValueKind.String || !QuantityNames.TryParse(nameElement.GetString(), out var parsed))
            {
                return (null, BodyShape.Invalid("name", "name is required: a quantity name (available, onHand, damaged, safetyStock, qualityControl, incoming)."));
            }

            quantityName = parsed;
        }

        if (!body.TryGetProperty("reason", out var reasonElement) || reasonElement.ValueKind != JsonValueKind.String
            || !ChangeReasons.TryParse(reasonElement.GetString(), out var reason) || !ChangeReasons.QuantityReasons.Contains(reason))
        {
            return (null, BodyShape.Invalid("reason", $"reason is required, one of {string.Join(", ", ChangeReasons.QuantityReasons.Select(ChangeReasons.Code))}."));
        }

        string? reference = null;
        if (body.TryGetProperty("referenceDocumentUri", out var referenceElement) && referenceElement.ValueKind != JsonValueKind.Null)
        {
            if (referenceElement.ValueKind != JsonValueKind.String || !Uri.TryCreate(referenceElement.GetString(), UriKind.Absolute, out _)
                || referenceElement.GetString()!.Length > TextRules.UrlLength)
            {
                return (null, BodyShape.Invalid("referenceDocumentUri", $"referenceDocumentUri must be an absolute URI of at most {TextRules.UrlLength} characters (gid://shop/Order/1, https://…)."));
            }

            reference = referenceElement.GetString();
        }

        if (!body.TryGetProperty(arrayName, out var lines) || lines.ValueKind != JsonValueKind.Array || lines.GetArrayLength() is < 1 or > MaxLines)
        {
            return (null, BodyShape.Invalid(arrayName, $"{arrayName} must be an array of 1 to {MaxLines} lines."));
        }

        var byItem = new Dictionary<string, List<QuantityLine>>(StringComparer.Ordinal);
        var order = new List<string>();
        var index = 0;
        foreach (var line in lines.EnumerateArray())
        {
            var path = $"{arrayName}[{index}]";
            if (line.ValueKind != JsonValueKind.Object)
            {
                return (null, BodyShape.Invalid(path, $"{path} must be an object."));
            }

            string[] lineFields = arrayName == "quantities" ? ["itemId", "quantity", "changeFromQuantity"]
                : name ? ["itemId", "delta", "changeFromQuantity"]
                : ["itemId", "quantity", "from", "to"];
            if (BodyShape.Unknown(line, lineFields, path + ".") is { } unknownField)
            {
                return (null, unknownField);
            }

            if (!line.TryGetProperty("itemId", out var itemElement) || itemElement.ValueKind != JsonValueKind.String
                || TextRules.Problem(itemElement.GetString()!, TextRules.IdentifierLength) is not null || string.IsNullOrWhiteSpace(itemElement.GetString()))
            {
                return (null, BodyShape.Invalid($"{path}.itemId", $"{path}.itemId is required: 1 to {TextRules.IdentifierLength} characters."));
            }

            var (read, problem) = readLine(line, index, quantityName, path);
            if (problem is not null)
            {
                return (null, problem);
            }

            var itemId = itemElement.GetString()!;
            if (!byItem.TryGetValue(itemId, out var itemLines))
            {
                byItem[itemId] = itemLines = [];
                order.Add(itemId);
            }

            itemLines.Add(read!);
            index++;
        }

        return (new Parsed([.. order.Select(itemId => new ItemQuantityLines(itemId, byItem[itemId]))], reason, reference, index), null);
    }

    private static (int Value, DialectError? Problem) Int(JsonElement line, string field, string path) =>
        line.TryGetProperty(field, out var element) && element.ValueKind == JsonValueKind.Number && element.TryGetInt32(out var value)
            ? (value, null)
            : (0, BodyShape.Invalid($"{path}.{field}", $"{path}.{field} is required: a whole number from {int.MinValue} to {int.MaxValue}."));

    /// <summary><c>changeFromQuantity</c> must be given: a whole number, or null to skip the check.</summary>
    private static (int? Value, DialectError? Problem) ChangeFrom(JsonElement holder, string path)
    {
        if (!holder.TryGetProperty("changeFromQuantity", out var element))
        {
            return (null, BodyShape.Invalid($"{path}.changeFromQuantity",
                $"{path}.changeFromQuantity is required: the quantity you believe it has now, or null to change it whatever it is."));
        }

        return element.ValueKind switch
        {
            JsonValueKind.Null => (null, null),
            JsonValueKind.Number when element.TryGetInt32(out var value) => (value, null),
            _ => (null, BodyShape.Invalid($"{path}.changeFromQuantity", $"{path}.changeFromQuantity must be a whole number or null.")),
        };
    }

    private static (QuantityName Name, int? ChangeFrom, DialectError? Problem) End(JsonElement line, string side, string path)
    {
        var endPath = $"{path}.{side}";
        if (!line.TryGetProperty(side, out var end) || end.ValueKind != JsonValueKind.Object)
        {
            return (default, null, BodyShape.Invalid(endPath, $"{endPath} is required: {{\"name\", \"changeFromQuantity\"}}."));
        }

        if (BodyShape.Unknown(end, ["name", "changeFromQuantity"], endPath + ".") is { } unknown)
        {
            return (default, null, unknown);
        }

        if (!end.TryGetProperty("name", out var nameElement) || nameElement.ValueKind != JsonValueKind.String
            || !QuantityNames.TryParse(nameElement.GetString(), out var name) || !name.Adjustable())
        {
            return (default, null, BodyShape.Invalid($"{endPath}.name", $"{endPath}.name must be {QuantityNames.AdjustableCodes}."));
        }

        var (changeFrom, problem) = ChangeFrom(end, endPath);
        return (name, changeFrom, problem);
    }

    /// <summary>The lines of a request, by index, to name a refused item's lines.</summary>
    public static IEnumerable<(int Index, string ItemId)> Lines(Parsed request) =>
        request.Items.SelectMany(item => item.Lines.Select(line => (line.Index, item.ItemId)));
}
