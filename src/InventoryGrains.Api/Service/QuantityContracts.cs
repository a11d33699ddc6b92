using System.Text.Json.Serialization;
using InventoryGrains.Domain.Items;

namespace InventoryGrains.Api.Service;

// The bodies and answers of the quantity routes (SPEC §15), as the API reference shows them. The
// handlers read the raw JSON themselves: a line's changeFromQuantity must be given, null included.

/// <summary><c>POST /v1/inventory-quantities/set</c>.</summary>
/// <param name="Name"><c>available</c> or <c>onHand</c> (setting onHand moves available by the difference).</param>
/// <param name="Reason">One of Shopify's reasons: <c>correction</c>, <c>cycle_count_available</c>, … <c>shrinkage</c>.</param>
public sealed record SetQuantitiesRequest(string Name, string Reason, string? ReferenceDocumentUri, IReadOnlyList<SetQuantityRequestLine> Quantities);

/// <param name="ChangeFromQuantity">The value the caller believes the quantity has now; null (given) skips the check.</param>
public sealed record SetQuantityRequestLine(
    string ItemId,
    int Quantity,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] int? ChangeFromQuantity);

/// <summary><c>POST /v1/inventory-quantities/adjust</c>.</summary>
/// <param name="Name"><c>available</c>, <c>damaged</c>, <c>safetyStock</c>, <c>qualityControl</c> or <c>incoming</c>.</param>
public sealed record AdjustQuantitiesRequest(string Name, string Reason, string? ReferenceDocumentUri, IReadOnlyList<AdjustQuantityRequestLine> Changes);

public sealed record AdjustQuantityRequestLine(
    string ItemId,
    int Delta,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] int? ChangeFromQuantity);

/// <summary><c>POST /v1/inventory-quantities/move</c>.</summary>
public sealed record MoveQuantitiesRequest(string Reason, string? ReferenceDocumentUri, IReadOnlyList<MoveQuantityRequestLine> Changes);

public sealed record MoveQuantityRequestLine(string ItemId, int Quantity, QuantityEnd From, QuantityEnd To);

/// <summary>One side of a move: the state, and what the caller believes it holds now (null skips the check).</summary>
public sealed record QuantityEnd(
    string Name,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] int? ChangeFromQuantity);

/// <summary>Every quantity every line changed, in line order.</summary>
public sealed record QuantityChangesResponse(IReadOnlyList<QuantityChangeDocument> Changes);

/// <param name="Index">The line of the request.</param>
/// <param name="Revision">The item's revision after the line: each line is one change of its item.</param>
public sealed record QuantityChangeDocument(int Index, string ItemId, string Name, int Delta, long QuantityAfterChange, long Revision);

/// <summary>
/// The 409 of a quantity operation (problem details, <c>application/problem+json</c>): every line
/// that could not be applied; nothing was.
/// </summary>
public sealed record QuantityConflict(string Type, string Title, int Status, string Detail, IReadOnlyList<QuantityLineProblem> Lines)
{
    public static QuantityConflict Of(IReadOnlyList<QuantityLineProblem> lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        return new("https://tools.ietf.org/html/rfc9110#section-15.5.10", "Conflict", StatusCodes.Status409Conflict,
            lines.Count == 1
                ? $"Line {lines[0].Index} cannot be applied ({lines[0].Code}); nothing was applied."
                : $"{lines.Count} lines cannot be applied; nothing was applied.",
            lines);
    }
}

/// <summary>A line that could not be applied; <c>current</c> is the quantity as it is, where the code concerns it.</summary>
public sealed record QuantityLineProblem(int Index, string ItemId, string Code, string Description, long? Current);

/// <summary>An item as the service's own routes show it, with its quantities by state (null when it is not tracked).</summary>
public sealed record InventoryItemDocument(
    string Id,
    long Revision,
    string VariantId,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? ProductId,
    string LocationId,
    bool TrackQuantity,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] bool? InStock,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] QuantitiesDocument? Quantities,
    string AvailabilityStatus,
    DateTimeOffset CreatedDate,
    DateTimeOffset UpdatedDate)
{
    public static InventoryItemDocument From(InventoryItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        return new(item.Id, item.Revision, item.VariantId, item.ProductId, item.LocationId, item.TrackQuantity,
            item.TrackQuantity ? null : item.InStock,
            item.Quantities is { } q ? new QuantitiesDocument(q.Available, q.Reserved, q.Committed, q.Damaged, q.SafetyStock, q.QualityControl, q.Incoming, q.OnHand) : null,
            item.AvailabilityStatus.ContractName(), item.CreatedDate, item.UpdatedDate);
    }
}

/// <summary>The eight quantities of §15; <c>onHand</c> is available + reserved + committed + damaged + safetyStock + qualityControl.</summary>
public sealed record QuantitiesDocument(int Available, int Reserved, int Committed, int Damaged, int SafetyStock, int QualityControl, int Incoming, long OnHand);
