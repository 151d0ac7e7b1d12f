-- Where a secret scanner found a token (POST /api/v1/leaks): one row per report that matched a
-- token, kept for its owner and administrators. Never the token itself, not even its hash: the
-- token id is enough. Not event-sourced (the revocation it caused is): a rebuild keeps it.
CREATE TABLE leak_finding (
    id           UUID        PRIMARY KEY,
    token_id     UUID        NOT NULL,
    owner        TEXT        NOT NULL,
    url          TEXT,
    source       TEXT,
    reporter_ip  TEXT,
    reported_at  TIMESTAMPTZ NOT NULL,
    -- false when the token was revoked already (by its owner, or by an earlier report)
    revoked      BOOLEAN     NOT NULL
);
CREATE INDEX leak_finding_token ON leak_finding (token_id, reported_at);
CREATE INDEX leak_finding_reported ON leak_finding (reported_at, id);
