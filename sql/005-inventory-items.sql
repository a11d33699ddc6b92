-- The item store: one typed row per inventory item, and the append-only ledger of its changes.
-- Written together, one statement per batch of many items (see docs/storage.md). Idempotent.

CREATE TABLE IF NOT EXISTS inventory_items
(
    tenant              text        NOT NULL,
    item_id             text        NOT NULL,
    -- The storage version (the grain's ETag): 1 when first written, +1 on every write.
    version             bigint      NOT NULL,
    revision            bigint      NOT NULL,
    variant_id          text        NOT NULL,
    product_id          text        NULL,
    location_id         text        NOT NULL,
    track_quantity      boolean     NOT NULL,
    quantity            integer     NOT NULL,
    in_stock            boolean     NOT NULL,
    availability_status text        NOT NULL,
    preorder_enabled    boolean     NOT NULL,
    created_date        timestamptz NOT NULL,
    updated_date        timestamptz NOT NULL,
    -- The whole state, serialized: the columns above are what queries filter and sort on.
    payload             bytea       NOT NULL,
    CONSTRAINT inventory_items_pk PRIMARY KEY (tenant, item_id)
)
-- Room on each page for a new version of every row on it: items created together share a page and
-- are updated by overlapping batches, and an update stays on its page (HOT, no index touched) only
-- while the page has room. At 80 % about a quarter of stock updates were not HOT.
WITH (fillfactor = 50);
ALTER TABLE inventory_items SET (fillfactor = 50);

-- A deleted item's row stays as its tombstone (its version, revision and operation ids), so its id
-- is never reused; queries leave tombstones out.
ALTER TABLE inventory_items ADD COLUMN IF NOT EXISTS deleted boolean NOT NULL DEFAULT false;

-- Lookups and filters that name an item's variant, product or location; listing in creation order.
-- None of these columns changes on a stock change, so stock changes never touch these indexes.
CREATE INDEX IF NOT EXISTS inventory_items_variant ON inventory_items (tenant, variant_id, location_id);
CREATE INDEX IF NOT EXISTS inventory_items_product ON inventory_items (tenant, product_id);
CREATE INDEX IF NOT EXISTS inventory_items_location ON inventory_items (tenant, location_id);
CREATE INDEX IF NOT EXISTS inventory_items_created ON inventory_items (tenant, created_date, item_id);

CREATE TABLE IF NOT EXISTS inventory_item_changes
(
    tenant       text        NOT NULL,
    item_id      text        NOT NULL,
    revision     bigint      NOT NULL,
    -- The order of the tenant feed: the writing transaction, then the row's place in its batch
    -- (one batch, one statement, one transaction). A reader takes only rows of transactions older
    -- than every transaction still running, so a row that commits late is never skipped
    -- (see docs/changes.md).
    tx           xid8        NOT NULL DEFAULT pg_current_xact_id(),
    n            integer     NOT NULL,
    reason       text        NOT NULL,
    dialect      text        NOT NULL,
    operation_id text        NULL,
    occurred_at  timestamptz NOT NULL,
    -- {"quantity": {"before": 5, "after": 6}, ...}
    fields       jsonb       NOT NULL,
    CONSTRAINT inventory_item_changes_pk PRIMARY KEY (tenant, item_id, revision)
);

CREATE INDEX IF NOT EXISTS inventory_item_changes_feed ON inventory_item_changes (tenant, tx, n);
