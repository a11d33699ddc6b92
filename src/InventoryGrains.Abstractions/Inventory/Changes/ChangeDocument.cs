using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using InventoryGrains.Domain.Items;

namespace InventoryGrains.Abstractions.Inventory.Changes;

/// <summary>
/// A change as the service's own API shows it, on the ledger and feed routes and in webhook
/// deliveries alike: what it did (<c>operation</c>), why (<c>reason</c>), each field before → after,
/// named as in the Wix item. <c>operation</c>, <c>reference</c> and <c>operationId</c> are written
/// as <c>null</c> when the change had none, never left out.
/// </summary>
public sealed record ChangeDocument(
    string ItemId,
    long Revision,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? Operation,
    string Reason,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? Reference,
    string Dialect,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? OperationId,
    DateTimeOffset OccurredAt,
    Dictionary<string, FieldChangeDocument> Fields)
{
    public static ChangeDocument From(string itemId, ChangeLogEntry change)
    {
        ArgumentNullException.ThrowIfNull(change);
        var fields = new Dictionary<string, FieldChangeDocument>(StringComparer.Ordinal);
        foreach (var field in change.Changes)
        {
            fields[field.Field] = new FieldChangeDocument(JsonNode.Parse(field.Before), JsonNode.Parse(field.After));
        }

        return new ChangeDocument(itemId, change.Revision, change.Operation?.Code(), change.Reason.Code(), change.Reference, change.Dialect, change.OperationId, change.Timestamp, fields);
    }
}

/// <summary>A field's value before and after a change; <c>null</c> is written, not left out.</summary>
public sealed record FieldChangeDocument(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] JsonNode? Before,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] JsonNode? After);
