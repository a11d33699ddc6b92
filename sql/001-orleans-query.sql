-- The Orleans ADO.NET providers read every statement they run from this table at start-up,
-- keyed by QueryKey. The providers bind parameters by name (@Name) and read result columns by
-- name, so the statements below may use any table layout as long as those names hold.
-- Every script in this folder is idempotent: applying it again changes nothing.

CREATE TABLE IF NOT EXISTS OrleansQuery
(
    QueryKey  varchar(64)   NOT NULL,
    QueryText varchar(8000) NOT NULL,
    CONSTRAINT orleans_query_pk PRIMARY KEY (QueryKey)
);
