using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using InventoryGrains.Domain.Items;

namespace InventoryGrains.Abstractions.Inventory.Changes;

/// <summary>
/// A change as the service's own API shows it, on the ledger and feed routes and in webhook
/// deliveries alike: each field before → after, named as in the Wix item. <c>operationId</c> is
/// written as <c>null</c> when the change had none, never left out.
/// </summary>
public sealed record ChangeDocument(
    string ItemId,
    long Revision,
    string Reason,
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

        return new ChangeDocument(itemId, change.Revision, change.Reason.ContractName(), change.Dialect, change.OperationId, change.Timestamp, fields);
    }
}

/// <summary>A field's value before and after a change; <c>null</c> is written, not left out.</summary>
public sealed record FieldChangeDocument(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] JsonNode? Before,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] JsonNode? After);
