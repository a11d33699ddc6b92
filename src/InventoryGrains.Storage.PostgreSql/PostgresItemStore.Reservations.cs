using System.Text.Json;
using InventoryGrains.Domain.Reservations;
using InventoryGrains.Storage.Items;
using InventoryGrains.Storage.Reservations;
using Npgsql;
using NpgsqlTypes;

namespace InventoryGrains.Storage.PostgreSql;

/// <summary>
/// Reservations on PostgreSQL: each transition's row goes through the group batcher with its items'
/// writes, in the same transaction (<see cref="CommitGroupsAsync"/>), version checked like them.
/// </summary>
public sealed partial class PostgresItemStore : IReservationStore
{
    private const string ReservationColumns = "id, status, lines::text, reference, created_at, expires_at, updated_at, version";

    public async Task<StoredReservation?> ReadReservationAsync(string tenant, string reservationId, CancellationToken cancellationToken = default) =>
        await PostgresReads.RunAsync("Reading a reservation", async token =>
        {
            await using var lease = await _database.CommandWithinAsync(
                $"SELECT {ReservationColumns} FROM reservations WHERE tenant = @tenant AND id = @id", _commandTimeout, token);
            lease.Command.Parameters.AddWithValue("tenant", tenant);
            lease.Command.Parameters.AddWithValue("id", reservationId);
            await using var reader = await lease.Command.ExecuteReaderAsync(token);
            return await reader.ReadAsync(token) ? new StoredReservation(ReadReservation(reader), reader.GetInt64(7)) : null;
        }, cancellationToken);

    public async Task<(IReadOnlyList<long> Reservations, IReadOnlyList<long> Items)> WriteReservationsAsync(IReadOnlyList<ReservationWrite> reservations, IReadOnlyList<ItemWrite> items)
    {
        ArgumentNullException.ThrowIfNull(reservations);
        ArgumentNullException.ThrowIfNull(items);
        if (items.DistinctBy(write => write.Key).Count() != items.Count)
        {
            throw new ArgumentException("A group writes each item once.", nameof(items));
        }

        if (reservations.Count == 0 || reservations.DistinctBy(write => (write.Tenant, write.Reservation.Id)).Count() != reservations.Count)
        {
            throw new ArgumentException("A group writes at least one reservation, each once.", nameof(reservations));
        }

        var group = new ItemRowGroup(
            [.. items.Select(write => new ItemRowWrite(write, _serializer.Serialize(write.State).ToArray()))],
            [.. reservations.Select(write => new ReservationRow(write))]);
        if (await _groupWrites.EnqueueAsync(group) is not { } versions)
        {
            if (group.ConflictedReservation is not null || items.Count == 0)
            {
                var stale = group.ConflictedReservation ?? reservations[0];
                throw new ReservationVersionConflictException(stale.Tenant, stale.Reservation.Id, stale.ExpectedVersion);
            }

            throw new ItemVersionConflictException(items[0].Key, items[0].ExpectedVersion);
        }

        return (versions[items.Count..], versions[..items.Count]);
    }

    public async Task<ReservationPage> ListReservationsAsync(string tenant, ReservationStatus? status, string? reference, ReservationPosition? after, int limit, CancellationToken cancellationToken = default) =>
        await PostgresReads.RunAsync("Listing reservations", async token =>
        {
            var sql = $"""
                SELECT {ReservationColumns} FROM reservations
                WHERE tenant = @tenant
                  AND (@status::text IS NULL OR status = @status)
                  AND (@reference::text IS NULL OR reference = @reference)
                  AND (@after_created::timestamptz IS NULL OR (created_at, id COLLATE "C") < (@after_created, @after_id::text COLLATE "C"))
                ORDER BY created_at DESC, id COLLATE "C" DESC
                LIMIT @limit
                """;
            await using var lease = await _database.CommandWithinAsync(sql, _commandTimeout, token);
            var p = lease.Command.Parameters;
            p.AddWithValue("tenant", tenant);
            p.Add(new NpgsqlParameter<string?>("status", NpgsqlDbType.Text) { TypedValue = status?.Code() });
            p.Add(new NpgsqlParameter<string?>("reference", NpgsqlDbType.Text) { TypedValue = reference });
            p.Add(new NpgsqlParameter("after_created", NpgsqlDbType.TimestampTz) { Value = after is null ? DBNull.Value : after.CreatedAt.UtcDateTime });
            p.Add(new NpgsqlParameter<string?>("after_id", NpgsqlDbType.Text) { TypedValue = after?.Id });
            p.AddWithValue("limit", limit + 1);
            var page = new List<Reservation>(limit + 1);
            await using (var reader = await lease.Command.ExecuteReaderAsync(token))
            {
                while (await reader.ReadAsync(token))
                {
                    page.Add(ReadReservation(reader));
                }
            }

            var more = page.Count > limit;
            if (more)
            {
                page.RemoveAt(limit);
            }

            return new ReservationPage(page, more ? new ReservationPosition(page[^1].CreatedAt, page[^1].Id) : null);
        }, cancellationToken);

    public async Task<IReadOnlyList<(string Tenant, string ReservationId)>> ListDueAsync(DateTimeOffset dueBy, int limit, CancellationToken cancellationToken = default) =>
        await PostgresReads.RunAsync("Listing reservations due to expire", async token =>
        {
            await using var lease = await _database.CommandWithinAsync(
                "SELECT tenant, id FROM reservations WHERE status = 'held' AND expires_at <= @due ORDER BY expires_at LIMIT @limit", _commandTimeout, token);
            lease.Command.Parameters.Add(new NpgsqlParameter<DateTime>("due", NpgsqlDbType.TimestampTz) { TypedValue = dueBy.UtcDateTime });
            lease.Command.Parameters.AddWithValue("limit", limit);
            var due = new List<(string, string)>();
            await using var reader = await lease.Command.ExecuteReaderAsync(token);
            while (await reader.ReadAsync(token))
            {
                due.Add((reader.GetString(0), reader.GetString(1)));
            }

            return (IReadOnlyList<(string, string)>)due;
        }, cancellationToken);

    /// <summary>The reservation rows of one round of group writes, in its transaction: the keys written (a version check that failed writes nothing).</summary>
    private async Task<HashSet<(string, string)>> WriteReservationRowsAsync(NpgsqlConnection connection, List<ReservationRow> rows, CancellationToken cancellationToken)
    {
        const string Sql = """
            WITH input AS (
                SELECT * FROM unnest(@tenant, @id, @expected, @status, @lines, @reference, @created_at, @expires_at, @updated_at)
                    AS t(tenant, id, expected, status, lines, reference, created_at, expires_at, updated_at)),
            inserted AS (
                INSERT INTO reservations (tenant, id, version, status, lines, reference, created_at, expires_at, updated_at)
                SELECT tenant, id, 1, status, lines::jsonb, reference, created_at, expires_at, updated_at FROM input WHERE expected IS NULL
                ON CONFLICT (tenant, id) DO NOTHING
                RETURNING tenant, id),
            updated AS (
                UPDATE reservations r
                SET version = r.version + 1, status = i.status, lines = i.lines::jsonb, reference = i.reference,
                    expires_at = i.expires_at, updated_at = i.updated_at
                FROM input i
                WHERE i.expected IS NOT NULL AND r.tenant = i.tenant AND r.id = i.id AND r.version = i.expected
                RETURNING r.tenant, r.id)
            SELECT tenant, id FROM inserted UNION ALL SELECT tenant, id FROM updated
            """;
        await using var command = new NpgsqlCommand(Sql, connection) { CommandTimeout = (int)Math.Ceiling(_commandTimeout.TotalSeconds) };
        var p = command.Parameters;
        p.Add(Array("tenant", NpgsqlDbType.Text, rows.Select(r => r.Write.Tenant)));
        p.Add(Array("id", NpgsqlDbType.Text, rows.Select(r => r.Write.Reservation.Id)));
        p.Add(Array("expected", NpgsqlDbType.Bigint, rows.Select(r => r.Write.ExpectedVersion)));
        p.Add(Array("status", NpgsqlDbType.Text, rows.Select(r => r.Write.Reservation.Status.Code())));
        p.Add(Array("lines", NpgsqlDbType.Text, rows.Select(r => r.Lines)));
        p.Add(Array("reference", NpgsqlDbType.Text, rows.Select(r => r.Write.Reservation.Reference)));
        p.Add(Array("created_at", NpgsqlDbType.TimestampTz, rows.Select(r => r.Write.Reservation.CreatedAt.UtcDateTime)));
        p.Add(Array("expires_at", NpgsqlDbType.TimestampTz, rows.Select(r => r.Write.Reservation.ExpiresAt.UtcDateTime)));
        p.Add(Array("updated_at", NpgsqlDbType.TimestampTz, rows.Select(r => r.Write.Reservation.UpdatedAt.UtcDateTime)));
        await command.PrepareAsync(cancellationToken);
        var written = new HashSet<(string, string)>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            written.Add((reader.GetString(0), reader.GetString(1)));
        }

        return written;
    }

    private static Reservation ReadReservation(NpgsqlDataReader reader)
    {
        var lines = JsonSerializer.Deserialize<ReservationLineRow[]>(reader.GetString(2), JsonSerializerOptions.Web)!;
        if (!ReservationStatuses.TryParse(reader.GetString(1), out var status))
        {
            throw new InvalidDataException($"Reservation '{reader.GetString(0)}' has an unknown status '{reader.GetString(1)}'.");
        }

        return new Reservation(
            reader.GetString(0),
            status,
            [.. lines.Select(line => new ReservationLine(line.ItemId, line.Quantity))],
            reader.IsDBNull(3) ? null : reader.GetString(3),
            reader.GetFieldValue<DateTimeOffset>(4),
            reader.GetFieldValue<DateTimeOffset>(5),
            reader.GetFieldValue<DateTimeOffset>(6));
    }

    /// <summary>A reservation's write as the batch statement takes it: its lines as JSON, made on the writer's thread.</summary>
    private sealed class ReservationRow(ReservationWrite write)
    {
        public ReservationWrite Write { get; } = write;

        public (string, string) Key { get; } = (write.Tenant, write.Reservation.Id);

        public string Lines { get; } = JsonSerializer.Serialize(write.Reservation.Lines.Select(line => new ReservationLineRow(line.ItemId, line.Quantity)), JsonSerializerOptions.Web);
    }

    private sealed record ReservationLineRow(string ItemId, int Quantity);
}
