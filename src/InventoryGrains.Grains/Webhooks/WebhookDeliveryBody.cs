using System.Buffers;
using System.Text.Json;
using Microsoft.IO;
using InventoryGrains.Abstractions.Inventory;
using InventoryGrains.Abstractions.Inventory.Changes;
using InventoryGrains.Domain.Items;

namespace InventoryGrains.Grains.Webhooks;

/// <summary>
/// Writes a delivery's body, <c>{"deliveryId", "webhookId", "changes": [Change, …]}</c>, each change
/// in the shape of <see cref="ChangeDocument"/> (as the feed route writes it). Written straight to
/// UTF-8: the fields' values are JSON text already, so none is parsed again. Bodies of hundreds of
/// changes are larger than the large-object threshold; they are written to pooled buffers, which the
/// caller returns by disposing the stream once the delivery is over.
/// </summary>
public static class WebhookDeliveryBody
{
    private static readonly RecyclableMemoryStreamManager Buffers = new();

    public static RecyclableMemoryStream Write(string deliveryId, string webhookId, IReadOnlyList<FeedChange> changes)
    {
        ArgumentNullException.ThrowIfNull(changes);
        var buffer = Buffers.GetStream(nameof(WebhookDeliveryBody));
        using (var json = new Utf8JsonWriter((IBufferWriter<byte>)buffer))
        {
            json.WriteStartObject();
            json.WriteString("deliveryId", deliveryId);
            json.WriteString("webhookId", webhookId);
            json.WriteStartArray("changes");
            foreach (var (itemId, change) in changes)
            {
                json.WriteStartObject();
                json.WriteString("itemId", itemId);
                json.WriteNumber("revision", change.Revision);
                json.WriteString("operation", change.Operation?.Code());
                json.WriteString("reason", change.Reason.Code());
                json.WriteString("reference", change.Reference);
                json.WriteString("dialect", change.Dialect);
                json.WriteString("operationId", change.OperationId);

                json.WriteString("occurredAt", change.Timestamp);
                json.WriteStartObject("fields");
                foreach (var field in change.Changes)
                {
                    json.WriteStartObject(field.Field);
                    json.WritePropertyName("before");
                    json.WriteRawValue(field.Before, skipInputValidation: true);
                    json.WritePropertyName("after");
                    json.WriteRawValue(field.After, skipInputValidation: true);
                    json.WriteEndObject();
                }

                json.WriteEndObject();
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return buffer;
    }
}
