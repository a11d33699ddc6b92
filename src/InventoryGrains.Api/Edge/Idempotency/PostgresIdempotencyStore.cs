using InventoryGrains.Abstractions.Idempotency;
using Microsoft.Extensions.Options;
using InventoryGrains.Hosting.Database;
using Npgsql;

namespace InventoryGrains.Api.Edge.Idempotency;

/// <summary>
/// Idempotency keys in PostgreSQL (<c>idempotency_requests</c>), so that every front-end of a
/// cluster agrees on them. Times are the database's, so front-ends' clocks do not matter.
/// </summary>
public sealed class PostgresIdempotencyStore(
    [FromKeyedServices(InventoryDatabase.IdempotencyPool)] NpgsqlDataSource database, IOptions<IdempotencyOptions> options) : IIdempotencyStore
{
    private const short Running = 0;
    private const short Final = 1;
    private const short Unknown = 2;

    // A new key, or one whose retention has passed, is taken at once.
    private const string Insert = """
        INSERT INTO idempotency_requests (tenant, key, fingerprint, state, lease_until, created_at, expires_at)
        VALUES (@tenant, @key, @fingerprint, 0, now() + @lease, now(), now() + @retention)
        ON CONFLICT (tenant, key) DO UPDATE
            SET fingerprint = EXCLUDED.fingerprint, state = 0, lease_until = EXCLUDED.lease_until,
                response_status = NULL, response_content_type = NULL, response_body = NULL,
                created_at = EXCLUDED.created_at, expires_at = EXCLUDED.expires_at
            WHERE idempotency_requests.expires_at <= now()
        RETURNING 1
        """;

    // A key of the same request whose answer had unknown outcomes, or whose request died, is taken over.
    private const string TakeOver = """
        UPDATE idempotency_requests
        SET state = 0, lease_until = now() + @lease
        WHERE tenant = @tenant AND key = @key AND fingerprint = @fingerprint
          AND (state = 2 OR (state = 0 AND lease_until <= now()))
        RETURNING 1
        """;

    private const string Read = """
        SELECT fingerprint, state, lease_until > now(), response_status, response_content_type, response_body
        FROM idempotency_requests WHERE tenant = @tenant AND key = @key
        """;

    private const string Complete = """
        UPDATE idempotency_requests
        SET state = @state, lease_until = NULL, response_status = @status, response_content_type = @content_type,
            response_body = @body, expires_at = now() + @retention
        WHERE tenant = @tenant AND key = @key
        """;

    private const string Release = """
        UPDATE idempotency_requests SET lease_until = now() WHERE tenant = @tenant AND key = @key AND state = 0
        """;

    public async Task<IdempotencyClaim> ClaimAsync(string tenant, string key, byte[] fingerprint, CancellationToken cancellationToken)
    {
        // A few rounds at most: each round either decides, or finds the row changed under it.
        for (var round = 0; round < 3; round++)
        {
            if (await ExecuteAsync(Insert, tenant, key, fingerprint, cancellationToken))
            {
                return new IdempotencyClaim(IdempotencyClaimKind.Run);
            }

            if (await ExecuteAsync(TakeOver, tenant, key, fingerprint, cancellationToken))
            {
                return new IdempotencyClaim(IdempotencyClaimKind.Run, Repeat: true);
            }

            await using var command = Command(Read, tenant, key);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            if (!await reader.ReadAsync(cancellationToken))
            {
                continue;
            }

            if (!reader.GetFieldValue<byte[]>(0).AsSpan().SequenceEqual(fingerprint))
            {
                return new IdempotencyClaim(IdempotencyClaimKind.Reused);
            }

            switch (reader.GetInt16(1))
            {
                case Final:
                    return new IdempotencyClaim(IdempotencyClaimKind.Replay, Response: new StoredResponse(
                        reader.GetInt32(3), reader.IsDBNull(4) ? null : reader.GetString(4), reader.GetFieldValue<byte[]>(5)));
                case Running when reader.GetBoolean(2):
                    return new IdempotencyClaim(IdempotencyClaimKind.InUse);
            }
        }

        // Taken and released by others in between every round: as good as in use.
        return new IdempotencyClaim(IdempotencyClaimKind.InUse);
    }

    public async Task CompleteAsync(string tenant, string key, StoredResponse response, bool final, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(response);
        await using var command = Command(Complete, tenant, key);
        command.Parameters.AddWithValue("state", final ? Final : Unknown);
        command.Parameters.AddWithValue("status", response.Status);
        command.Parameters.AddWithValue("content_type", (object?)response.ContentType ?? DBNull.Value);
        command.Parameters.AddWithValue("body", response.Body);
        command.Parameters.AddWithValue("retention", options.Value.Retention);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task ReleaseAsync(string tenant, string key, CancellationToken cancellationToken)
    {
        await using var command = Command(Release, tenant, key);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Deletes keys whose retention has passed; returns how many.</summary>
    public async Task<int> DeleteExpiredAsync(CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand(
            "DELETE FROM idempotency_requests WHERE ctid IN (SELECT ctid FROM idempotency_requests WHERE expires_at <= now() LIMIT 10000)");
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private async Task<bool> ExecuteAsync(string sql, string tenant, string key, byte[] fingerprint, CancellationToken cancellationToken)
    {
        await using var command = Command(sql, tenant, key);
        command.Parameters.AddWithValue("fingerprint", fingerprint);
        command.Parameters.AddWithValue("lease", IdempotencyLease.Duration);
        command.Parameters.AddWithValue("retention", options.Value.Retention);
        return await command.ExecuteScalarAsync(cancellationToken) is not null;
    }

    private NpgsqlCommand Command(string sql, string tenant, string key)
    {
        var command = database.CreateCommand(sql);
        command.Parameters.AddWithValue("tenant", tenant);
        command.Parameters.AddWithValue("key", key);
        return command;
    }
}
