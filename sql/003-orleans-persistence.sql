-- Grain state (Microsoft.Orleans.Persistence.AdoNet).
--
-- One row per grain state. The version column is the ETag: a write names the version it read,
-- and succeeds only if the row still has it. The unique constraint makes the first write of a
-- state (no version yet) succeed for exactly one writer. A statement that does not succeed
-- returns NULL, which the provider turns into an InconsistentStateException.

CREATE TABLE IF NOT EXISTS orleans_storage
(
    grain_id_hash      integer        NOT NULL,
    grain_id_n0        bigint         NOT NULL,
    grain_id_n1        bigint         NOT NULL,
    grain_type_hash    integer        NOT NULL,
    grain_type         varchar(512)   NOT NULL,
    grain_id_extension varchar(512)   NULL,
    service_id         varchar(150)   NOT NULL,
    payload_binary     bytea          NULL,
    modified_on        timestamptz(3) NOT NULL,
    version            integer        NOT NULL,
    CONSTRAINT orleans_storage_grain_uq UNIQUE NULLS NOT DISTINCT
        (grain_id_hash, grain_type_hash, grain_id_n0, grain_id_n1, service_id, grain_type, grain_id_extension)
);

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES
('ReadFromStorageKey', '
    SELECT payload_binary AS PayloadBinary, version AS Version
      FROM orleans_storage
     WHERE grain_id_hash = @GrainIdHash AND grain_type_hash = @GrainTypeHash
       AND grain_id_n0 = @GrainIdN0 AND grain_id_n1 = @GrainIdN1
       AND service_id = @ServiceId AND grain_type = @GrainTypeString
       AND grain_id_extension IS NOT DISTINCT FROM @GrainIdExtensionString::varchar;'),

('WriteToStorageKey', '
    WITH updated AS (
        UPDATE orleans_storage
           SET payload_binary = @PayloadBinary, modified_on = now(), version = version + 1
         WHERE @GrainStateVersion::integer IS NOT NULL
           AND grain_id_hash = @GrainIdHash AND grain_type_hash = @GrainTypeHash
           AND grain_id_n0 = @GrainIdN0 AND grain_id_n1 = @GrainIdN1
           AND service_id = @ServiceId AND grain_type = @GrainTypeString
           AND grain_id_extension IS NOT DISTINCT FROM @GrainIdExtensionString::varchar
           AND version = @GrainStateVersion::integer
        RETURNING version),
    inserted AS (
        INSERT INTO orleans_storage
            (grain_id_hash, grain_id_n0, grain_id_n1, grain_type_hash, grain_type, grain_id_extension,
             service_id, payload_binary, modified_on, version)
        SELECT @GrainIdHash, @GrainIdN0, @GrainIdN1, @GrainTypeHash, @GrainTypeString,
               @GrainIdExtensionString::varchar, @ServiceId, @PayloadBinary, now(), 1
         WHERE @GrainStateVersion::integer IS NULL
        ON CONFLICT ON CONSTRAINT orleans_storage_grain_uq DO NOTHING
        RETURNING version)
    SELECT (SELECT version FROM updated UNION ALL SELECT version FROM inserted LIMIT 1) AS NewGrainStateVersion;'),

('ClearStorageKey', '
    WITH cleared AS (
        UPDATE orleans_storage
           SET payload_binary = NULL, modified_on = now(), version = version + 1
         WHERE grain_id_hash = @GrainIdHash AND grain_type_hash = @GrainTypeHash
           AND grain_id_n0 = @GrainIdN0 AND grain_id_n1 = @GrainIdN1
           AND service_id = @ServiceId AND grain_type = @GrainTypeString
           AND grain_id_extension IS NOT DISTINCT FROM @GrainIdExtensionString::varchar
           AND version = @GrainStateVersion::integer
        RETURNING version)
    SELECT (SELECT version FROM cleared) AS NewGrainStateVersion;')
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = EXCLUDED.QueryText;
