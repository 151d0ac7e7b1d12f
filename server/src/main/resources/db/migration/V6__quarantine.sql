-- Records of the events topic Patrol could not apply (unsigned or wrongly signed, undecodable, of an
-- unknown type). The token such a record names is refused at validation until an operator resolves
-- the record (fail closed: the record might have been its revocation). Operator state: a rebuild does
-- not truncate this table, so a resolution survives a replay.
CREATE TABLE rm_quarantine (
    kafka_partition INT         NOT NULL,
    kafka_offset    BIGINT      NOT NULL,
    token_id        UUID,
    reason          TEXT        NOT NULL,
    quarantined_at  TIMESTAMPTZ NOT NULL,
    resolved_at     TIMESTAMPTZ,
    resolved_by     TEXT,
    PRIMARY KEY (kafka_partition, kafka_offset)
);
CREATE INDEX rm_quarantine_unresolved ON rm_quarantine (token_id) WHERE resolved_at IS NULL;
