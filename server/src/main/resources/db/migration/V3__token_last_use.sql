-- Last use of each token, recorded asynchronously and coalesced by the instances that validate it.
-- Not part of the event-sourced read model (not rm_*): a rebuild keeps it.
CREATE TABLE token_last_use (
    token_id   UUID        PRIMARY KEY,
    used_at    TIMESTAMPTZ NOT NULL,
    client_ip  TEXT,
    user_agent TEXT
);
