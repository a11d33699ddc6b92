using System.Text.Json;
using InventoryGrains.Abstractions.Inventory;
using Npgsql;
using InventoryGrains.Domain.Items;

namespace InventoryGrains.Storage.PostgreSql;

/// <summary>Reads ledger rows (<c>inventory_item_changes</c>) back into <see cref="ChangeLogEntry"/>.</summary>
internal static class LedgerRows
{
    /// <summary>Reads revision, reason, dialect, operation_id, occurred_at, fields, operation, reference from column <paramref name="first"/> on.</summary>
    public static ChangeLogEntry Read(NpgsqlDataReader reader, int first) => new(
        reader.GetInt64(first),
        ParseReason(reader.GetString(first + 1)),
        reader.GetString(first + 2),
        new DateTimeOffset(reader.GetFieldValue<DateTime>(first + 4), TimeSpan.Zero),
        Fields(reader.GetString(first + 5)),
        reader.IsDBNull(first + 3) ? null : reader.GetString(first + 3))
    {
        Operation = reader.IsDBNull(first + 6) ? null : ParseOperation(reader.GetString(first + 6)),
        Reference = reader.IsDBNull(first + 7) ? null : reader.GetString(first + 7),
    };

    private static List<FieldChange> Fields(string json)
    {
        using var document = JsonDocument.Parse(json);
        return [.. document.RootElement.EnumerateObject().Select(field => new FieldChange(
            field.Name,
            field.Value.GetProperty("before").GetRawText(),
            field.Value.GetProperty("after").GetRawText()))];
    }

    private static ChangeReason ParseReason(string code) =>
        ChangeReasons.TryParse(code, out var reason) ? reason : throw new InvalidDataException($"The ledger holds an unknown reason '{code}'.");

    private static ItemOperation ParseOperation(string code) =>
        ItemOperations.TryParse(code, out var operation) ? operation : throw new InvalidDataException($"The ledger holds an unknown operation '{code}'.");
}
