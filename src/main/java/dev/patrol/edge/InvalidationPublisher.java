package dev.patrol.edge;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.patrol.config.PatrolConfig;
import dev.patrol.eventlog.KafkaClients;
import io.smallrye.mutiny.Uni;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;

/**
 * Publishes invalidations as CloudEvents in binary mode ({@code ce_*} headers, JSON data), key =
 * token id. Messages come from the outbox the projector fills in the transaction that changes the
 * read model, so a cache that misses right after an eviction already reads the new state.
 */
@ApplicationScoped
public class InvalidationPublisher {

    public static final String CE_TYPE = "dev.patrol.token.invalidated.v1";
    public static final String CE_SOURCE = "/patrol/projector";

    private final KafkaProducer<String, String> producer;
    private final String topic;
    private final ObjectMapper mapper;

    @Inject
    public InvalidationPublisher(PatrolConfig config, ObjectMapper mapper, KafkaClients kafka) {
        this.producer = kafka.producer("invalidations");
        this.topic = config.topics().invalidations().name();
        this.mapper = mapper;
    }

    /** The JSON data of {@code invalidation} as published (the documented schema). */
    public String message(Invalidation invalidation) {
        try {
            return mapper.writeValueAsString(invalidation);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Sends one message; completes when the broker has it (all in-sync replicas). */
    public Uni<Void> send(UUID tokenId, UUID eventId, Instant effectiveAt, String message) {
        ProducerRecord<String, String> record = new ProducerRecord<>(topic, tokenId.toString(), message);
        header(record, "ce_specversion", "1.0");
        header(record, "ce_id", eventId.toString());
        header(record, "ce_source", CE_SOURCE);
        header(record, "ce_type", CE_TYPE);
        header(record, "ce_subject", tokenId.toString());
        header(record, "ce_time", effectiveAt.toString());
        header(record, "content-type", "application/json");
        return KafkaClients.send(producer, record).replaceWithVoid();
    }

    private static void header(ProducerRecord<String, String> r, String key, String value) {
        r.headers().add(new RecordHeader(key, value.getBytes(StandardCharsets.UTF_8)));
    }

    @PreDestroy
    void close() {
        producer.close(java.time.Duration.ofSeconds(5)); // flushes what was accepted
    }
}
