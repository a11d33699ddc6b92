-- Cluster membership (Microsoft.Orleans.Clustering.AdoNet).
--
-- One version row per cluster (DeploymentId = ClusterId). Every change to the membership rows
-- must bump that version and must only succeed when the caller saw the current version: this
-- optimistic check is what lets silos agree on membership without locks held across calls.
-- Silo status values are Orleans' SiloStatus: 3 = Active, 6 = Dead.

CREATE TABLE IF NOT EXISTS orleans_membership_version
(
    deployment_id varchar(150)   NOT NULL,
    changed_at    timestamptz(3) NOT NULL DEFAULT now(),
    version       integer        NOT NULL DEFAULT 0,
    CONSTRAINT orleans_membership_version_pk PRIMARY KEY (deployment_id)
);

CREATE TABLE IF NOT EXISTS orleans_membership
(
    deployment_id  varchar(150)   NOT NULL,
    address        varchar(45)    NOT NULL,
    port           integer        NOT NULL,
    generation     integer        NOT NULL,
    silo_name      varchar(150)   NOT NULL,
    host_name      varchar(150)   NOT NULL,
    status         integer        NOT NULL,
    proxy_port     integer        NULL,
    suspect_times  varchar(8000)  NULL,
    start_time     timestamptz(3) NOT NULL,
    i_am_alive_time timestamptz(3) NOT NULL,
    CONSTRAINT orleans_membership_pk PRIMARY KEY (deployment_id, address, port, generation),
    CONSTRAINT orleans_membership_version_fk FOREIGN KEY (deployment_id)
        REFERENCES orleans_membership_version (deployment_id)
);

-- Inserts a silo row and bumps the cluster version, both or neither. Returns 1 on success and
-- 0 when the row already exists or the caller's version is stale.
CREATE OR REPLACE FUNCTION orleans_membership_insert(
    p_deployment_id   varchar,
    p_address         varchar,
    p_port            integer,
    p_generation      integer,
    p_silo_name       varchar,
    p_host_name       varchar,
    p_status          integer,
    p_proxy_port      integer,
    p_start_time      timestamptz,
    p_i_am_alive_time timestamptz,
    p_version         integer)
RETURNS integer
LANGUAGE plpgsql
AS $$
BEGIN
    INSERT INTO orleans_membership
        (deployment_id, address, port, generation, silo_name, host_name, status, proxy_port,
         start_time, i_am_alive_time)
    VALUES
        (p_deployment_id, p_address, p_port, p_generation, p_silo_name, p_host_name, p_status,
         p_proxy_port, p_start_time, p_i_am_alive_time)
    ON CONFLICT ON CONSTRAINT orleans_membership_pk DO NOTHING;

    IF NOT FOUND THEN
        RETURN 0;
    END IF;

    UPDATE orleans_membership_version
       SET version = version + 1, changed_at = now()
     WHERE deployment_id = p_deployment_id
       AND version = p_version;

    IF NOT FOUND THEN
        -- Stale version: undo the insert by failing this function's statement.
        RAISE EXCEPTION USING ERRCODE = 'serialization_failure', MESSAGE = 'membership version changed';
    END IF;

    RETURN 1;
EXCEPTION
    WHEN serialization_failure THEN
        RETURN 0;
END
$$;

-- Updates a silo row and bumps the cluster version, both or neither (1 on success, else 0).
CREATE OR REPLACE FUNCTION orleans_membership_update(
    p_deployment_id   varchar,
    p_address         varchar,
    p_port            integer,
    p_generation      integer,
    p_status          integer,
    p_suspect_times   varchar,
    p_i_am_alive_time timestamptz,
    p_version         integer)
RETURNS integer
LANGUAGE plpgsql
AS $$
BEGIN
    UPDATE orleans_membership_version
       SET version = version + 1, changed_at = now()
     WHERE deployment_id = p_deployment_id
       AND version = p_version;

    IF NOT FOUND THEN
        RETURN 0;
    END IF;

    UPDATE orleans_membership
       SET status = p_status, suspect_times = p_suspect_times, i_am_alive_time = p_i_am_alive_time
     WHERE deployment_id = p_deployment_id
       AND address = p_address AND port = p_port AND generation = p_generation;

    IF NOT FOUND THEN
        RAISE EXCEPTION USING ERRCODE = 'no_data_found', MESSAGE = 'membership row missing';
    END IF;

    RETURN 1;
EXCEPTION
    WHEN no_data_found THEN
        RETURN 0;
END
$$;

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES
('InsertMembershipVersionKey', '
    WITH created AS (
        INSERT INTO orleans_membership_version (deployment_id)
        VALUES (@DeploymentId)
        ON CONFLICT ON CONSTRAINT orleans_membership_version_pk DO NOTHING
        RETURNING 1)
    SELECT count(*)::integer FROM created;'),

('InsertMembershipKey', '
    SELECT orleans_membership_insert(
        @DeploymentId, @Address, @Port, @Generation, @SiloName, @HostName, @Status, @ProxyPort,
        @StartTime, @IAmAliveTime, @Version);'),

('UpdateMembershipKey', '
    SELECT orleans_membership_update(
        @DeploymentId, @Address, @Port, @Generation, @Status, @SuspectTimes, @IAmAliveTime, @Version);'),

-- Heartbeats touch only the liveness timestamp and deliberately leave the version alone.
('UpdateIAmAlivetimeKey', '
    UPDATE orleans_membership
       SET i_am_alive_time = @IAmAliveTime
     WHERE deployment_id = @DeploymentId
       AND address = @Address AND port = @Port AND generation = @Generation;'),

-- The version row is returned even when the silo row does not exist (LEFT JOIN).
('MembershipReadRowKey', '
    SELECT v.deployment_id AS DeploymentId, m.address AS Address, m.port AS Port,
           m.generation AS Generation, m.silo_name AS SiloName, m.host_name AS HostName,
           m.status AS Status, m.proxy_port AS ProxyPort, m.suspect_times AS SuspectTimes,
           m.start_time AS StartTime, m.i_am_alive_time AS IAmAliveTime, v.version AS Version
      FROM orleans_membership_version v
      LEFT JOIN orleans_membership m
             ON m.deployment_id = v.deployment_id
            AND m.address = @Address AND m.port = @Port AND m.generation = @Generation
     WHERE v.deployment_id = @DeploymentId;'),

('MembershipReadAllKey', '
    SELECT v.deployment_id AS DeploymentId, m.address AS Address, m.port AS Port,
           m.generation AS Generation, m.silo_name AS SiloName, m.host_name AS HostName,
           m.status AS Status, m.proxy_port AS ProxyPort, m.suspect_times AS SuspectTimes,
           m.start_time AS StartTime, m.i_am_alive_time AS IAmAliveTime, v.version AS Version
      FROM orleans_membership_version v
      LEFT JOIN orleans_membership m ON m.deployment_id = v.deployment_id
     WHERE v.deployment_id = @DeploymentId;'),

('DeleteMembershipTableEntriesKey', '
    DELETE FROM orleans_membership WHERE deployment_id = @DeploymentId;
    DELETE FROM orleans_membership_version WHERE deployment_id = @DeploymentId;'),

('GatewaysQueryKey', '
    SELECT address AS Address, proxy_port AS ProxyPort, generation AS Generation
      FROM orleans_membership
     WHERE deployment_id = @DeploymentId AND status = @Status AND proxy_port > 0;'),

-- Removes rows of silos that are Dead and have not been heard of since the cut-off.
('CleanupDefunctSiloEntriesKey', '
    DELETE FROM orleans_membership
     WHERE deployment_id = @DeploymentId
       AND status = 6
       AND i_am_alive_time < @IAmAliveTime
       AND start_time < @IAmAliveTime;'),

-- Removes one Dead row, only if it is still exactly as the caller read it.
('CleanupDefunctSiloEntryKey', '
    DELETE FROM orleans_membership
     WHERE deployment_id = @DeploymentId
       AND address = @Address AND port = @Port AND generation = @Generation
       AND status = 6
       AND start_time = @StartTime
       AND i_am_alive_time = @IAmAliveTime
       AND suspect_times IS NOT DISTINCT FROM @SuspectTimes::varchar;')
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = EXCLUDED.QueryText;
