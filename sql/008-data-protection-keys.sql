-- The ASP.NET Core Data Protection key ring of the API processes (PostgresKeyRepository): one row
-- per key, as Data Protection writes it, shared by every front-end of a cluster so that a cursor
-- sealed by one opens on another.

CREATE TABLE IF NOT EXISTS data_protection_keys
(
    friendly_name text        NOT NULL,
    xml           text        NOT NULL,
    created_at    timestamptz NOT NULL,
    CONSTRAINT data_protection_keys_pk PRIMARY KEY (friendly_name)
);
