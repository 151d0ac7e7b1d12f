package dev.patrol.projection;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.patrol.config.PatrolConfig;
import dev.patrol.domain.TokenSecrets;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;
import org.jboss.logging.Logger;

/**
 * Copies records the projector will not apply to the dead-letter topic, unchanged (key, value,
 * headers) plus {@code patrol-dead-letter-reason}, {@code -partition} and {@code -offset}, so an
 * operator can inspect them (docs/operations.md). Counted as {@code patrol.events.dead_lettered}.
 *
 * <p>A copy is bounded: a record close to the broker's size limit would exceed it with the headers
 * added, and a copy the broker refuses must not stall the partition behind it. Past {@link
 * #MAX_COPY_BYTES} the copy keeps the key and Patrol's headers, and names the value by its size and
 * SHA-256 ({@code patrol-dead-letter-value-omitted}); a copy refused for what it is (too large,
 * invalid) is logged and counted ({@code patrol.events.dead_letters_refused}), and the record is
 * quarantined all the same. Only the broker being away fails the batch (retried).
 */
@ApplicationScoped
public class DeadLetterPublisher {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    /** Well under the broker's and the producer's default limit of 1 MiB per record. */
    static final int MAX_COPY_BYTES = 512 * 1024;

    private static final Logger LOG = Logger.getLogger(DeadLetterPublisher.class);

    private final MutinyEmitter<String> channel;
    private final String topic;
    private final Counter deadLettered;
    private final Counter refused;

    @Inject
    public DeadLetterPublisher(
            @Channel("token-dead-letters") @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 1024)
                    MutinyEmitter<String> channel,
            PatrolConfig config,
            MeterRegistry registry) {
        this.channel = channel;
        this.topic = config.topics().deadLetters().name();
        this.deadLettered = registry.counter("patrol.events.dead_lettered");
        this.refused = registry.counter("patrol.events.dead_letters_refused");
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
        ProducerRecord<String, String> copy = copyOf(p, topic);
        return channel.sendMessage(Message.of(copy.value())
                        .addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                                .withKey(copy.key())
                                .withHeaders(copy.headers())
                                .build()))
                .invoke(() -> deadLettered.increment())
                .onFailure(DeadLetterPublisher::refusedForWhatItIs)
                .recoverWithItem(e -> {
                    refused.increment();
                    LOG.errorf(
                            "dead letter of %s-%d@%d refused (%s); the record is quarantined all the same",
                            p.record().topic(),
                            p.record().partition(),
                            p.record().offset(),
                            e.getClass().getSimpleName());
                    return null;
                });
    }

    /** The dead-letter copy of {@code p}: the record as it was, or without its value past the bound. */
    static ProducerRecord<String, String> copyOf(PoisonedRecord p, String topic) {
        var source = p.record();
        long size = utf8(source.key()) + utf8(source.value());
        for (Header h : source.headers()) {
            size += utf8(h.key()) + (h.value() == null ? 0 : h.value().length);
        }
        ProducerRecord<String, String> copy;
        if (size <= MAX_COPY_BYTES) {
            copy = new ProducerRecord<>(topic, source.key(), source.value());
            for (Header h : source.headers()) {
                copy.headers().add(h);
            }
        } else {
            // Too large to copy whole: the key if it is small, and what the value was.
            copy = new ProducerRecord<>(topic, utf8(source.key()) <= 1024 ? source.key() : null, null);
            String omitted = utf8(source.value()) + " bytes of value, " + size + " with key and headers; sha256 "
                    + TokenSecrets.hash(source.value() == null ? "" : source.value());
            copy.headers().add("patrol-dead-letter-value-omitted", omitted.getBytes(StandardCharsets.UTF_8));
        }
        copy.headers().add("patrol-dead-letter-reason", p.reason().getBytes(StandardCharsets.UTF_8));
        copy.headers().add("patrol-dead-letter-partition", bytes(source.partition()));
        copy.headers().add("patrol-dead-letter-offset", bytes(source.offset()));
        return copy;
    }

    /** A failure tied to the copy itself (too large, invalid), not to the broker being away. */
    private static boolean refusedForWhatItIs(Throwable e) {
        return e instanceof org.apache.kafka.common.errors.RecordTooLargeException
                || e instanceof org.apache.kafka.common.InvalidRecordException
                || e instanceof org.apache.kafka.common.errors.RecordBatchTooLargeException
                || e instanceof org.apache.kafka.common.errors.SerializationException;
    }

    private static long utf8(String s) {
        return s == null ? 0 : s.getBytes(StandardCharsets.UTF_8).length;
    }

    private static byte[] bytes(long n) {
        return Long.toString(n).getBytes(StandardCharsets.UTF_8);
    }
}
