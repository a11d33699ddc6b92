-- Quantities by state (SPEC §15), and what each change did. Items stored before read as "every
-- quantity 0 but available" (available is the existing quantity column); changes stored before
-- have no operation. Idempotent.

ALTER TABLE inventory_items ADD COLUMN IF NOT EXISTS reserved        integer NOT NULL DEFAULT 0;
ALTER TABLE inventory_items ADD COLUMN IF NOT EXISTS committed       integer NOT NULL DEFAULT 0;
ALTER TABLE inventory_items ADD COLUMN IF NOT EXISTS damaged         integer NOT NULL DEFAULT 0;
ALTER TABLE inventory_items ADD COLUMN IF NOT EXISTS safety_stock    integer NOT NULL DEFAULT 0;
ALTER TABLE inventory_items ADD COLUMN IF NOT EXISTS quality_control integer NOT NULL DEFAULT 0;
ALTER TABLE inventory_items ADD COLUMN IF NOT EXISTS incoming        integer NOT NULL DEFAULT 0;

-- create, update, decrement, increment, adjust, sync, delete, set, move, and the reservations' own.
ALTER TABLE inventory_item_changes ADD COLUMN IF NOT EXISTS operation text NULL;
-- The document a change belongs to: a quantity operation's referenceDocumentUri, a reservation's id.
ALTER TABLE inventory_item_changes ADD COLUMN IF NOT EXISTS reference text NULL;
