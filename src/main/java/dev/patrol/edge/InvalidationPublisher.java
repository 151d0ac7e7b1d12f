package dev.patrol.edge;

import java.nio.charset.StandardCharsets;
import java.util.List;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.patrol.config.PatrolConfig;
import dev.patrol.eventlog.KafkaClients;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.jboss.logging.Logger;

/**
 * Publishes invalidations as CloudEvents in binary mode ({@code ce_*} headers, JSON data), key =
 * token id. Called after the projector committed, so a cache that misses right after an eviction
 * already reads the new state.
 */
@ApplicationScoped
public class InvalidationPublisher {

    private static final Logger LOG = Logger.getLogger(InvalidationPublisher.class);
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

    public void publish(List<Invalidation> invalidations) {
        for (Invalidation i : invalidations) {
            ProducerRecord<String, String> record;
            try {
                record = new ProducerRecord<>(topic, i.tokenId().toString(), mapper.writeValueAsString(i));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
            header(record, "ce_specversion", "1.0");
            header(record, "ce_id", i.eventId().toString());
            header(record, "ce_source", CE_SOURCE);
            header(record, "ce_type", CE_TYPE);
            header(record, "ce_subject", i.tokenId().toString());
            header(record, "ce_time", i.effectiveAt().toString());
            header(record, "content-type", "application/json");
            producer.send(record, (meta, e) -> {
                if (e != null) {
                    // Caches fall back on their TTL; the read model is already right.
                    LOG.errorf(
                            "publishing invalidation of token %s failed: %s",
                            i.tokenId(), e.getClass().getSimpleName());
                }
            });
        }
    }

    private static void header(ProducerRecord<String, String> r, String key, String value) {
        r.headers().add(new RecordHeader(key, value.getBytes(StandardCharsets.UTF_8)));
    }

    @PreDestroy
    void close() {
        producer.close(java.time.Duration.ofSeconds(5)); // flushes what was accepted
    }
}
