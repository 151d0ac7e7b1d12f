-- Uses of a real token that validation refused for where they came from (reason 'network': outside
-- the token's allowed networks), for its owner and administrators. Written in batches off the hot
-- path like token_last_use, at most once per token and address per last-use interval, the 20
-- newest kept per token. Not event-sourced: a rebuild keeps it.
CREATE TABLE token_refused_use (
    id          BIGINT      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    token_id    UUID        NOT NULL,
    refused_at  TIMESTAMPTZ NOT NULL,
    -- the address judged (the client's as the trusted-proxy rules derive it); null: unknown
    client_ip   TEXT,
    user_agent  TEXT,
    reason      TEXT        NOT NULL
);
CREATE INDEX token_refused_use_token ON token_refused_use (token_id, refused_at DESC);
CREATE INDEX token_refused_use_refused ON token_refused_use (refused_at DESC, id DESC);
