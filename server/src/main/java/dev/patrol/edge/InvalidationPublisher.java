package dev.patrol.edge;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.patrol.domain.Invalidation;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

/**
 * Publishes invalidations as CloudEvents in binary mode ({@code ce_*} headers, JSON data), key =
 * token id, on the SmallRye channel {@code token-invalidations}. Messages come from the outbox the projector fills in the transaction that changes the
 * read model, so a cache that misses right after an eviction already reads the new state.
 */
@ApplicationScoped
public class InvalidationPublisher {

    public static final String CE_TYPE = "dev.patrol.token.invalidated.v1";
    public static final String CE_SOURCE = "/patrol/projector";

    private final MutinyEmitter<String> channel;
    private final ObjectMapper mapper;

    @Inject
    public InvalidationPublisher(
            @Channel("token-invalidations") @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 2048)
                    MutinyEmitter<String> channel,
            ObjectMapper mapper) {
        this.channel = channel;
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
        var headers = new RecordHeaders();
        header(headers, "ce_specversion", "1.0");
        header(headers, "ce_id", eventId.toString());
        header(headers, "ce_source", CE_SOURCE);
        header(headers, "ce_type", CE_TYPE);
        header(headers, "ce_subject", tokenId.toString());
        header(headers, "ce_time", effectiveAt.toString());
        header(headers, "content-type", "application/json");
        return channel.sendMessage(Message.of(message)
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                        .withKey(tokenId.toString())
                        .withHeaders(headers)
                        .build()));
    }

    private static void header(RecordHeaders headers, String key, String value) {
        headers.add(key, value.getBytes(StandardCharsets.UTF_8));
    }
}
