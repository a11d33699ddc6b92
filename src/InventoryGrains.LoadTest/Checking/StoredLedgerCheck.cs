using System.Globalization;
using System.Text.Json;
using Npgsql;

namespace InventoryGrains.LoadTest.Checking;

/// <summary>
/// Checks, in PostgreSQL, that each item's stored row and its ledger agree, independently of the
/// service's code: the ledger's revisions are 1…n with no gap and no repeat, n is the row's
/// revision, each change's "before" values are what the changes before it left, and replaying
/// the "after" values from a blank item gives the row's stored fields (quantities by state
/// included); every change says what it did (its operation); and no operation id (an idempotency
/// key's entry) was applied twice to one item — its changes on one item are those of one command.
/// </summary>
public static class StoredLedgerCheck
{
    // A blank item, as every ledger starts from (its creation is measured against this).
    private static readonly Dictionary<string, string> Blank = new(StringComparer.Ordinal)
    {
        ["trackQuantity"] = "false",
        ["quantity"] = "0",
        ["inStock"] = "false",
        ["variantId"] = "\"\"",
        ["productId"] = "null",
        ["locationId"] = "\"default\"",
        ["preorderInfo.enabled"] = "false",
        ["reserved"] = "0",
        ["committed"] = "0",
        ["damaged"] = "0",
        ["safetyStock"] = "0",
        ["qualityControl"] = "0",
        ["incoming"] = "0",
    };

    public static async Task<LedgerCheckResult> RunAsync(NpgsqlDataSource database, string tenant, IReadOnlyCollection<string> itemIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(database);
        var rows = new Dictionary<string, Dictionary<string, string>>(StringComparer.Ordinal);
        var revisions = new Dictionary<string, long>(StringComparer.Ordinal);
        await using (var command = database.CreateCommand("""
            SELECT item_id, revision, to_json(track_quantity)::text, quantity::text, to_json(in_stock)::text,
                   to_json(variant_id)::text, coalesce(to_json(product_id)::text, 'null'), to_json(location_id)::text, to_json(preorder_enabled)::text,
                   reserved::text, committed::text, damaged::text, safety_stock::text, quality_control::text, incoming::text
            FROM inventory_items WHERE tenant = @tenant AND item_id = ANY(@ids)
            """))
        {
            command.Parameters.AddWithValue("tenant", tenant);
            command.Parameters.AddWithValue("ids", itemIds.ToArray());
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var id = reader.GetString(0);
                revisions[id] = reader.GetInt64(1);
                rows[id] = new Dictionary<string, string>(StringComparer.Ordinal)
                {
                    ["trackQuantity"] = reader.GetString(2),
                    ["quantity"] = reader.GetString(3),
                    ["inStock"] = reader.GetString(4),
                    ["variantId"] = reader.GetString(5),
                    ["productId"] = reader.GetString(6),
                    ["locationId"] = reader.GetString(7),
                    ["preorderInfo.enabled"] = reader.GetString(8),
                    ["reserved"] = reader.GetString(9),
                    ["committed"] = reader.GetString(10),
                    ["damaged"] = reader.GetString(11),
                    ["safetyStock"] = reader.GetString(12),
                    ["qualityControl"] = reader.GetString(13),
                    ["incoming"] = reader.GetString(14),
                };
            }
        }

        var replays = itemIds.ToDictionary(id => id, _ => new Replay(), StringComparer.Ordinal);
        long entries = 0;
        await using (var command = database.CreateCommand(
            "SELECT item_id, revision, fields::text, operation_id, operation, occurred_at FROM inventory_item_changes WHERE tenant = @tenant AND item_id = ANY(@ids) ORDER BY item_id, revision"))
        {
            command.Parameters.AddWithValue("tenant", tenant);
            command.Parameters.AddWithValue("ids", itemIds.ToArray());
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                entries++;
                replays[reader.GetString(0)].Apply(reader.GetInt64(1), reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetString(3), reader.IsDBNull(4) ? null : reader.GetString(4), reader.GetDateTime(5));
            }
        }

        var problems = new List<string>();
        foreach (var id in itemIds)
        {
            var replay = replays[id];
            problems.AddRange(replay.Problems.Select(problem => $"{id}: {problem}"));
            if (!rows.TryGetValue(id, out var row))
            {
                if (replay.LastRevision > 0)
                {
                    problems.Add($"{id}: {replay.LastRevision} ledger entries but no stored row");
                }

                continue;
            }

            if (replay.LastRevision != revisions[id])
            {
                problems.Add(string.Create(CultureInfo.InvariantCulture, $"{id}: stored revision {revisions[id]}, the ledger ends at {replay.LastRevision}"));
            }

            foreach (var (field, stored) in row)
            {
                if (!JsonEquals(replay.Value(field), stored))
                {
                    problems.Add($"{id}: stored {field} {stored}, the ledger's replay gives {replay.Value(field)}");
                }
            }
        }

        return new LedgerCheckResult(itemIds.Count, entries, problems);
    }

    private static bool JsonEquals(string left, string right) =>
        JsonElement.DeepEquals(JsonDocument.Parse(left).RootElement, JsonDocument.Parse(right).RootElement);

    private sealed class Replay
    {
        private readonly Dictionary<string, string> _fields = new(Blank, StringComparer.Ordinal);
        private readonly Dictionary<string, long> _operations = new(StringComparer.Ordinal);
        private (string? OperationId, DateTime At) _last;

        public long LastRevision { get; private set; }

        public List<string> Problems { get; } = [];

        public string Value(string field) => _fields.GetValueOrDefault(field, "null");

        public void Apply(long revision, string fieldsJson, string? operationId, string? operation, DateTime occurredAt)
        {
            if (operation is null)
            {
                Problems.Add(string.Create(CultureInfo.InvariantCulture, $"revision {revision} does not say what it did (no operation)"));
            }

            // An operation's lines on one item are consecutive changes of one command (one time); any other reappearance is a second application.
            var continues = operationId is not null && string.Equals(operationId, _last.OperationId, StringComparison.Ordinal) && occurredAt == _last.At;
            _last = (operationId, occurredAt);
            if (operationId is not null && !continues && !_operations.TryAdd(operationId, revision))
            {
                Problems.Add(string.Create(CultureInfo.InvariantCulture, $"operation {operationId} applied twice, at revisions {_operations[operationId]} and {revision}"));
            }

            if (revision != LastRevision + 1)
            {
                Problems.Add(string.Create(CultureInfo.InvariantCulture, $"ledger revision {revision} follows {LastRevision}"));
            }

            LastRevision = revision;
            using var fields = JsonDocument.Parse(fieldsJson);
            foreach (var field in fields.RootElement.EnumerateObject())
            {
                var before = field.Value.GetProperty("before").GetRawText();
                if (_fields.TryGetValue(field.Name, out var current) && !JsonEquals(current, before))
                {
                    Problems.Add(string.Create(CultureInfo.InvariantCulture, $"revision {revision} changed {field.Name} from {before}, but it was {current}"));
                }

                _fields[field.Name] = field.Value.GetProperty("after").GetRawText();
            }
        }
    }
}

/// <param name="Problems">Every disagreement between an item's row and its ledger; none when they agree.</param>
public sealed record LedgerCheckResult(int Items, long Entries, IReadOnlyList<string> Problems);
