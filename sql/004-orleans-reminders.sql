-- Reminders (Microsoft.Orleans.Reminders.AdoNet). The version column is the reminder's ETag;
-- grain_hash places the reminder on the ring so that each silo reads only its own range.

CREATE TABLE IF NOT EXISTS orleans_reminders
(
    service_id    varchar(150)   NOT NULL,
    grain_id      varchar(150)   NOT NULL,
    reminder_name varchar(150)   NOT NULL,
    start_time    timestamptz(3) NOT NULL,
    period        bigint         NOT NULL,
    grain_hash    integer        NOT NULL,
    version       integer        NOT NULL,
    CONSTRAINT orleans_reminders_pk PRIMARY KEY (service_id, grain_id, reminder_name)
);

CREATE INDEX IF NOT EXISTS orleans_reminders_ring_ix ON orleans_reminders (service_id, grain_hash);

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES
('UpsertReminderRowKey', '
    INSERT INTO orleans_reminders
        (service_id, grain_id, reminder_name, start_time, period, grain_hash, version)
    VALUES
        (@ServiceId, @GrainId, @ReminderName, @StartTime, @Period::bigint, @GrainHash, 0)
    ON CONFLICT ON CONSTRAINT orleans_reminders_pk DO UPDATE
       SET start_time = EXCLUDED.start_time, period = EXCLUDED.period,
           grain_hash = EXCLUDED.grain_hash, version = orleans_reminders.version + 1
    RETURNING version AS Version;'),

('ReadReminderRowsKey', '
    SELECT grain_id AS GrainId, reminder_name AS ReminderName, start_time AS StartTime,
           period AS Period, version AS Version
      FROM orleans_reminders
     WHERE service_id = @ServiceId AND grain_id = @GrainId;'),

('ReadReminderRowKey', '
    SELECT grain_id AS GrainId, reminder_name AS ReminderName, start_time AS StartTime,
           period AS Period, version AS Version
      FROM orleans_reminders
     WHERE service_id = @ServiceId AND grain_id = @GrainId AND reminder_name = @ReminderName;'),

-- The ring range (BeginHash, EndHash] does not wrap around.
('ReadRangeRows1Key', '
    SELECT grain_id AS GrainId, reminder_name AS ReminderName, start_time AS StartTime,
           period AS Period, version AS Version
      FROM orleans_reminders
     WHERE service_id = @ServiceId AND grain_hash > @BeginHash AND grain_hash <= @EndHash;'),

-- The ring range wraps around the end of the hash space.
('ReadRangeRows2Key', '
    SELECT grain_id AS GrainId, reminder_name AS ReminderName, start_time AS StartTime,
           period AS Period, version AS Version
      FROM orleans_reminders
     WHERE service_id = @ServiceId AND (grain_hash > @BeginHash OR grain_hash <= @EndHash);'),

('DeleteReminderRowKey', '
    WITH deleted AS (
        DELETE FROM orleans_reminders
         WHERE service_id = @ServiceId AND grain_id = @GrainId
           AND reminder_name = @ReminderName AND version = @Version
        RETURNING 1)
    SELECT count(*)::integer FROM deleted;'),

('DeleteReminderRowsKey', '
    DELETE FROM orleans_reminders WHERE service_id = @ServiceId;')
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = EXCLUDED.QueryText;
