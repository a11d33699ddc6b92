using System.Buffers;
using System.Text.Json;
using InventoryGrains.Abstractions.Inventory;
using InventoryGrains.Storage.Items;
using InventoryGrains.Domain.Items;

namespace InventoryGrains.Storage.PostgreSql;

/// <summary>
/// A write turned into the values of its item row and ledger rows, taken on the writer's thread
/// (the grain's) before the write is queued: the typed columns queries filter and sort on, the
/// serialized state, and each change's fields as JSON.
/// </summary>
internal sealed class ItemRowWrite
{
    public ItemRowWrite(ItemWrite write, byte[] payload)
    {
        var state = write.State;
        Key = write.Key;
        ExpectedVersion = write.ExpectedVersion;
        Revision = state.Revision;
        VariantId = state.VariantId;
        ProductId = state.ProductId;
        LocationId = state.LocationId;
        TrackQuantity = state.TrackQuantity;
        Quantity = state.Quantity;
        InStock = state.InStock;
        AvailabilityStatus = state.AvailabilityStatus.ContractName();
        PreorderEnabled = state.PreorderEnabled;
        Deleted = state.Deleted;
        Reserved = state.Reserved;
        Committed = state.Committed;
        Damaged = state.Damaged;
        SafetyStock = state.SafetyStock;
        QualityControl = state.QualityControl;
        Incoming = state.Incoming;
        CreatedDate = state.CreatedDate.UtcDateTime;
        UpdatedDate = state.UpdatedDate.UtcDateTime;
        Payload = payload;
        Changes = [.. write.Changes.Select(change => new LedgerRow(
            change.Revision,
            change.Reason.Code(),
            change.Dialect,
            change.OperationId,
            change.Timestamp.UtcDateTime,
            FieldsJson(change.Changes),
            change.Operation?.Code(),
            change.Reference))];
    }

    public ItemKey Key { get; }
    public long? ExpectedVersion { get; }
    public long Revision { get; }
    public string VariantId { get; }
    public string? ProductId { get; }
    public string LocationId { get; }
    public bool TrackQuantity { get; }
    public int Quantity { get; }
    public bool InStock { get; }
    public string AvailabilityStatus { get; }
    public bool PreorderEnabled { get; }
    public bool Deleted { get; }
    public int Reserved { get; }
    public int Committed { get; }
    public int Damaged { get; }
    public int SafetyStock { get; }
    public int QualityControl { get; }
    public int Incoming { get; }
    public DateTime CreatedDate { get; }
    public DateTime UpdatedDate { get; }
    public byte[] Payload { get; }
    public LedgerRow[] Changes { get; }

    /// <summary><c>{"quantity": {"before": 5, "after": 6}, …}</c>: the values are JSON already.</summary>
    internal static string FieldsJson(IReadOnlyList<FieldChange> changes)
    {
        var buffer = new ArrayBufferWriter<byte>(64 + changes.Count * 48);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            foreach (var change in changes)
            {
                json.WriteStartObject(change.Field);
                json.WritePropertyName("before");
                json.WriteRawValue(change.Before, skipInputValidation: true);
                json.WritePropertyName("after");
                json.WriteRawValue(change.After, skipInputValidation: true);
                json.WriteEndObject();
            }

            json.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}

internal sealed record LedgerRow(long Revision, string Reason, string Dialect, string? OperationId, DateTime OccurredAt, string Fields, string? Operation, string? Reference);
