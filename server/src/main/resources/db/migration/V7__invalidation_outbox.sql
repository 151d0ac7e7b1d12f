-- The revocation broadcast is written here in the transaction that changes the read model, and
-- published from here: a crash or a broker outage between the commit and the send delays an
-- invalidation, never loses it. A row is deleted once the broker has acknowledged it.
CREATE TABLE rm_invalidation_outbox (
    id           BIGSERIAL   PRIMARY KEY,
    token_id     UUID        NOT NULL,
    event_id     UUID        NOT NULL,
    effective_at TIMESTAMPTZ NOT NULL,
    message      TEXT        NOT NULL
);
