using System.Diagnostics;
using InventoryGrains.LoadTest.Measurement;
using Npgsql;

namespace InventoryGrains.LoadTest.Scenarios;

/// <summary>
/// The bulk update as a user without this service would do it: a plain table, and one
/// revision-checked UPDATE statement (its own transaction) per bulk, with the same items, bulk size
/// and concurrency as the grain-side run, on the same database. <paramref name="withHistory"/>:
/// the same statement also appends one history row per change, as a user who needs an audit
/// trail would write it (and as the item store's ledger does).
/// </summary>
public sealed class SqlBaselineScenario(LoadTestOptions options, bool withHistory = false) : LoadScenario(options), IAsyncDisposable
{
    private const string Schema = """
        CREATE TABLE IF NOT EXISTS loadtest_items (
            run_id   text   NOT NULL,
            id       text   NOT NULL,
            revision bigint NOT NULL,
            quantity int    NOT NULL,
            PRIMARY KEY (run_id, id));
        CREATE TABLE IF NOT EXISTS loadtest_item_history (
            run_id     text        NOT NULL,
            id         text        NOT NULL,
            revision   bigint      NOT NULL,
            quantity   int         NOT NULL,
            changed_at timestamptz NOT NULL,
            PRIMARY KEY (run_id, id, revision));
        """;

    private const string BulkUpdate = """
        UPDATE loadtest_items AS t
           SET quantity = v.quantity, revision = t.revision + 1
          FROM unnest(@ids::text[], @expected::bigint[], @quantities::int[]) AS v(id, expected, quantity)
         WHERE t.run_id = @run AND t.id = v.id AND t.revision = v.expected
        RETURNING t.id, t.revision
        """;

    private const string BulkUpdateWithHistory = """
        WITH updated AS (
            UPDATE loadtest_items AS t
               SET quantity = v.quantity, revision = t.revision + 1
              FROM unnest(@ids::text[], @expected::bigint[], @quantities::int[]) AS v(id, expected, quantity)
             WHERE t.run_id = @run AND t.id = v.id AND t.revision = v.expected
            RETURNING t.id, t.revision, t.quantity),
        history AS (
            INSERT INTO loadtest_item_history (run_id, id, revision, quantity, changed_at)
            SELECT @run, id, revision, quantity, now() FROM updated)
        SELECT id, revision FROM updated
        """;

    private readonly NpgsqlDataSource _database = NpgsqlDataSource.Create(
        new NpgsqlConnectionStringBuilder(options.ConnectionString) { MaxPoolSize = Math.Max(options.Concurrency + 4, 20) }.ConnectionString);

    private ItemLedger _ledger = null!;
    private Dictionary<string, int> _index = [];
    private ItemRotation _rotation = null!;

    public override string Name => withHistory ? "sql-baseline-history" : "sql-baseline";

    public override async Task PrepareAsync()
    {
        var ids = Enumerable.Range(0, Options.Items).Select(i => $"{i}").ToList();
        _ledger = new ItemLedger(ids, 0);
        _index = ids.Select((id, i) => (id, i)).ToDictionary(x => x.id, x => x.i, StringComparer.Ordinal);
        _rotation = new ItemRotation(Options.Items, Options.Concurrency);

        await using (var create = _database.CreateCommand(Schema))
        {
            await create.ExecuteNonQueryAsync();
        }

        await using var insert = _database.CreateCommand(
            "INSERT INTO loadtest_items (run_id, id, revision, quantity) SELECT @run, id, 1, 0 FROM unnest(@ids::text[]) AS id");
        insert.Parameters.AddWithValue("run", RunId);
        insert.Parameters.AddWithValue("ids", ids.ToArray());
        await insert.ExecuteNonQueryAsync();
    }

    public override async Task RunBulkAsync(int worker, Random random, LoadRecorder recorder)
    {
        var items = _rotation.Next(worker, Options.BulkSize);

        var clock = Stopwatch.StartNew();
        await using var command = _database.CreateCommand(withHistory ? BulkUpdateWithHistory : BulkUpdate);
        command.Parameters.AddWithValue("run", RunId);
        command.Parameters.AddWithValue("ids", items.Select(i => _ledger.Ids[i]).ToArray());
        command.Parameters.AddWithValue("expected", items.Select(_ledger.KnownRevision).ToArray());
        command.Parameters.AddWithValue("quantities", items.Select(_ => random.Next(0, 1000)).ToArray());
        var applied = new HashSet<int>();
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                var item = _index[reader.GetString(0)];
                applied.Add(item);
                _ledger.Acknowledged(item, reader.GetInt64(1));
            }
        }

        recorder.Record(clock.Elapsed, items.Length, items.Where(i => !applied.Contains(i)).Select(_ => "REVISION_MISMATCH"));
    }

    public override async Task<Verification> VerifyAsync()
    {
        var stored = new (long, int)?[_ledger.Count];
        await using var read = _database.CreateCommand("SELECT id, revision, quantity FROM loadtest_items WHERE run_id = @run");
        read.Parameters.AddWithValue("run", RunId);
        await using (var reader = await read.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                stored[_index[reader.GetString(0)]] = (reader.GetInt64(1), reader.GetInt32(2));
            }
        }

        // The baseline's rows are scratch data: drop them once checked.
        await using var delete = _database.CreateCommand("DELETE FROM loadtest_items WHERE run_id = @run; DELETE FROM loadtest_item_history WHERE run_id = @run");
        delete.Parameters.AddWithValue("run", RunId);
        await delete.ExecuteNonQueryAsync();
        return _ledger.Verify(stored, checkStock: false);
    }

    public ValueTask DisposeAsync() => _database.DisposeAsync();
}
