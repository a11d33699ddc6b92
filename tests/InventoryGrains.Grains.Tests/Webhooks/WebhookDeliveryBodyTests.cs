using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using InventoryGrains.Abstractions.Inventory;
using InventoryGrains.Abstractions.Inventory.Changes;
using InventoryGrains.Grains.Webhooks;
using InventoryGrains.Domain.Items;

namespace InventoryGrains.Grains.Tests.Webhooks;

public sealed class WebhookDeliveryBodyTests
{
    private static readonly JsonSerializerOptions RouteJson = new(JsonSerializerDefaults.Web) { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    [Fact]
    public void Each_change_in_a_delivery_is_written_as_the_feed_route_writes_it()
    {
        var at = new DateTimeOffset(2026, 3, 1, 10, 0, 0, 123, TimeSpan.Zero);
        FeedChange[] changes =
        [
            new("item-1", new ChangeLogEntry(3, ChangeReason.Order, "wix", at, [new FieldChange("quantity", "5", "4"), new FieldChange("inStock", "true", "false")], "op-1")),
            new("item-\"2\"", new ChangeLogEntry(1, ChangeReason.Manual, "stoq", at, [new FieldChange("variantId", "\"\"", "\"v\\u00e9 \\\"x\\\"\""), new FieldChange("productId", "null", "\"p\"")])),
        ];

        using var written = WebhookDeliveryBody.Write("dlv_1", "wh_1", changes);
        var body = JsonNode.Parse(written.GetBuffer().AsSpan(0, (int)written.Length))!;

        Assert.Equal("dlv_1", body["deliveryId"]!.GetValue<string>());
        Assert.Equal("wh_1", body["webhookId"]!.GetValue<string>());
        var each = body["changes"]!.AsArray();
        Assert.Equal(changes.Length, each.Count);
        for (var i = 0; i < changes.Length; i++)
        {
            var expected = JsonSerializer.SerializeToNode(ChangeDocument.From(changes[i].ItemId, changes[i].Change), RouteJson);
            Assert.True(JsonNode.DeepEquals(expected, each[i]), $"{expected!.ToJsonString()}\n{each[i]!.ToJsonString()}");
        }
    }
}
