-- Baseline of the read model schema. Token tables arrive with the token lifecycle.
-- Records which Kafka offsets the projection has folded, written in the same transaction as the
-- rows they produced (see DESIGN "Read model").
CREATE TABLE rm_checkpoint (
    topic          TEXT    NOT NULL,
    kafka_partition INTEGER NOT NULL,
    next_offset    BIGINT  NOT NULL,
    PRIMARY KEY (topic, kafka_partition)
);
