-- Requests with an Idempotency-Key, per tenant: the request that holds the key (its fingerprint:
-- a hash of method, path and body), and the answer it got. Idempotent.

CREATE TABLE IF NOT EXISTS idempotency_requests
(
    tenant                text        NOT NULL,
    key                   text        NOT NULL,
    fingerprint           bytea       NOT NULL,
    -- 0: running (held until lease_until); 1: answered for good; 2: answered with unknown outcomes
    -- (a repeat runs again, and the items answer what they applied).
    state                 smallint    NOT NULL,
    lease_until           timestamptz NULL,
    response_status       integer     NULL,
    response_content_type text        NULL,
    response_body         bytea       NULL,
    created_at            timestamptz NOT NULL,
    expires_at            timestamptz NOT NULL,
    CONSTRAINT idempotency_requests_pk PRIMARY KEY (tenant, key)
);

CREATE INDEX IF NOT EXISTS idempotency_requests_expiry ON idempotency_requests (expires_at);
