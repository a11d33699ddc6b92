using System.Text.Json.Nodes;

namespace InventoryGrains.Abstractions.Inventory.Changes;

/// <summary>
/// A change as the service's own API shows it, on the ledger and feed routes and in webhook
/// deliveries alike: each field before → after, named as in the Wix item.
/// </summary>
public sealed record ChangeDocument(string ItemId, long Revision, string Reason, string Dialect, string? OperationId, DateTimeOffset OccurredAt, JsonObject Fields)
{
    public static ChangeDocument From(string itemId, ChangeLogEntry change)
    {
        ArgumentNullException.ThrowIfNull(change);
        var fields = new JsonObject();
        foreach (var field in change.Changes)
        {
            fields[field.Field] = new JsonObject { ["before"] = JsonNode.Parse(field.Before), ["after"] = JsonNode.Parse(field.After) };
        }

        return new ChangeDocument(itemId, change.Revision, change.Reason.ContractName(), change.Dialect, change.OperationId, change.Timestamp, fields);
    }
}
