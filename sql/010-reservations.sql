-- Reservations (SPEC §15): one row per reservation, written in the same transaction as the item
-- rows and ledger entries of each of its transitions. Idempotent.

CREATE TABLE IF NOT EXISTS reservations
(
    tenant      text        NOT NULL,
    id          text        NOT NULL,
    version     bigint      NOT NULL,
    status      text        NOT NULL,
    lines       jsonb       NOT NULL,
    reference   text        NULL,
    created_at  timestamptz NOT NULL,
    expires_at  timestamptz NOT NULL,
    updated_at  timestamptz NOT NULL,
    PRIMARY KEY (tenant, id)
);

-- Listing: newest first, by status or by reference.
CREATE INDEX IF NOT EXISTS reservations_by_created ON reservations (tenant, created_at DESC, id COLLATE "C" DESC);
CREATE INDEX IF NOT EXISTS reservations_by_status ON reservations (tenant, status, created_at DESC, id COLLATE "C" DESC);
CREATE INDEX IF NOT EXISTS reservations_by_reference ON reservations (tenant, reference, created_at DESC, id COLLATE "C" DESC) WHERE reference IS NOT NULL;
-- The expiry sweep: held reservations by their time.
CREATE INDEX IF NOT EXISTS reservations_held_by_expiry ON reservations (expires_at) WHERE status = 'held';
