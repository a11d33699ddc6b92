-- Indexes for item queries (PostgresItemQueryStore): a page in the default order (newest first) or
-- in creation order costs O(page), also deep into a walk, and so does a location's items in those
-- orders. Keys sort text under the "C" collation (code point order, as the in-memory store does,
-- whatever the database's own collation), so the item id is indexed under it. Idempotent.
--
-- Only columns no stock change touches are indexed: quantity and updated_date change on every write,
-- and an index on either turns every stock change from a HOT update (no index touched) into one that
-- writes every index of the table (measured: 100 % → 0 % HOT, the batch update statement 4-6× slower).
-- Orders by those fields therefore sort the tenant's matching rows for each page (see docs/storage.md).

CREATE INDEX IF NOT EXISTS inventory_items_created_c
    ON inventory_items (tenant, created_date, item_id COLLATE "C");

CREATE INDEX IF NOT EXISTS inventory_items_location_created_c
    ON inventory_items (tenant, location_id, created_date, item_id COLLATE "C");
