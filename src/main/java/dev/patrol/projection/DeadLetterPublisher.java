package dev.patrol.projection;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.patrol.config.PatrolConfig;
import dev.patrol.eventlog.KafkaClients;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;

/**
 * Copies records the projector will not apply to the dead-letter topic, unchanged (key, value,
 * headers) plus {@code patrol-dead-letter-reason}, {@code -partition} and {@code -offset}, so an
 * operator can inspect them (docs/operations.md). Counted as {@code patrol.events.dead_lettered}.
 */
@ApplicationScoped
public class DeadLetterPublisher {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final KafkaProducer<String, String> producer;
    private final String topic;
    private final Counter deadLettered;

    @Inject
    public DeadLetterPublisher(PatrolConfig config, KafkaClients kafka, MeterRegistry registry) {
        this.producer = kafka.producer("dead-letters");
        this.topic = config.topics().deadLetters().name();
        this.deadLettered = registry.counter("patrol.events.dead_lettered");
    }

    /** Completes when the broker has every one of {@code poisoned} (fails after 10 s). */
    public Uni<Void> send(List<PoisonedRecord> poisoned) {
        if (poisoned.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Uni<Void>> sends = poisoned.stream().map(this::sendOne).toList();
        return Uni.join()
                .all(sends)
                .andFailFast()
                .replaceWithVoid()
                .ifNoItem()
                .after(TIMEOUT)
                .fail();
    }

    private Uni<Void> sendOne(PoisonedRecord p) {
        var source = p.record();
        ProducerRecord<String, String> copy = new ProducerRecord<>(topic, source.key(), source.value());
        for (Header h : source.headers()) {
            copy.headers().add(h);
        }
        copy.headers().add("patrol-dead-letter-reason", p.reason().getBytes(StandardCharsets.UTF_8));
        copy.headers().add("patrol-dead-letter-partition", bytes(source.partition()));
        copy.headers().add("patrol-dead-letter-offset", bytes(source.offset()));
        return KafkaClients.send(producer, copy)
                .invoke(metadata -> deadLettered.increment())
                .replaceWithVoid();
    }

    private static byte[] bytes(long n) {
        return Long.toString(n).getBytes(StandardCharsets.UTF_8);
    }

    @PreDestroy
    void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
