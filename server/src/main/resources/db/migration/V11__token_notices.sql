-- Notices for token owners (docs/notices.md): expiry thresholds found by the scheduler, and security
-- notices from applied events. A notice is created once (dedupe_key is unique, whichever instance
-- gets there first) and published from here to patrol.token-notices.v1. Not event-sourced: a rebuild
-- keeps it, so replaying the history sends nothing again.
CREATE TABLE token_notice (
    id           UUID        PRIMARY KEY,
    token_id     UUID        NOT NULL,
    owner        TEXT        NOT NULL,
    type         TEXT        NOT NULL,
    dedupe_key   TEXT        NOT NULL UNIQUE,
    occurred_at  TIMESTAMPTZ NOT NULL,
    data         JSONB       NOT NULL,
    published_at TIMESTAMPTZ
);
CREATE INDEX token_notice_unpublished ON token_notice (occurred_at) WHERE published_at IS NULL;
-- The expiry scan reads active tokens by expiry.
CREATE INDEX rm_token_active_expires ON rm_token (expires_at) WHERE status = 'ACTIVE';
