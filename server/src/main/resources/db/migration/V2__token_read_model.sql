-- Read model of the token lifecycle: a deterministic fold of patrol.token-events.v1.
-- Nothing here is written except by the projector (and the rebuild, which replays the topic).

-- One row per token, its state after the last applied event.
CREATE TABLE rm_token (
    token_id          UUID        PRIMARY KEY,
    family_id         UUID        NOT NULL,
    owner             TEXT        NOT NULL,
    name              TEXT        NOT NULL,
    scopes            TEXT[]      NOT NULL,
    all_organizations BOOLEAN     NOT NULL,
    organizations     TEXT[]      NOT NULL,
    secret_hash       TEXT        NOT NULL,
    display_hint      TEXT        NOT NULL,
    created_at        TIMESTAMPTZ NOT NULL,
    expires_at        TIMESTAMPTZ NOT NULL,
    status            TEXT        NOT NULL,
    revoked_at        TIMESTAMPTZ,
    revoke_reason     TEXT,
    version           BIGINT      NOT NULL
);
-- Validation looks tokens up by the SHA-256 of the presented secret.
CREATE UNIQUE INDEX rm_token_secret_hash ON rm_token (secret_hash);
-- Listing a person's tokens, newest first / by name / by expiry, with keyset paging.
CREATE INDEX rm_token_owner_created ON rm_token (owner, created_at, token_id);
CREATE INDEX rm_token_owner_name ON rm_token (owner, name, token_id);
CREATE INDEX rm_token_owner_expires ON rm_token (owner, expires_at, token_id);

-- The applied history (audit trail, and idempotency by event id).
CREATE TABLE rm_token_event (
    event_id        UUID        PRIMARY KEY,
    token_id        UUID        NOT NULL,
    version         BIGINT      NOT NULL,
    type            TEXT        NOT NULL,
    occurred_at     TIMESTAMPTZ NOT NULL,
    actor_kind      TEXT        NOT NULL,
    actor_id        TEXT        NOT NULL,
    payload         JSONB       NOT NULL,
    kafka_partition INTEGER     NOT NULL,
    kafka_offset    BIGINT      NOT NULL,
    UNIQUE (token_id, version)
);

-- Records whose events lost a version race (or were otherwise not applicable): the command that
-- wrote them answered 409. Kept so that the outcome is known and a replay skips them the same way.
CREATE TABLE rm_rejected_record (
    event_id        UUID    PRIMARY KEY,
    token_id        UUID    NOT NULL,
    version         BIGINT  NOT NULL,
    reason          TEXT    NOT NULL,
    kafka_partition INTEGER NOT NULL,
    kafka_offset    BIGINT  NOT NULL
);

-- Secrets that were replaced (regenerated or rotated): presenting one again is reuse.
CREATE TABLE rm_dead_secret (
    secret_hash TEXT        PRIMARY KEY,
    token_id    UUID        NOT NULL,
    retired_at  TIMESTAMPTZ NOT NULL
);
