package dev.patrol.repository;

import java.time.Instant;
import java.util.UUID;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/** {@code rm_invalidation_outbox}: the broadcast's messages the projector's transactions queue. */
@ApplicationScoped
public class InvalidationOutboxRows {

    @Inject
    Pool pool;

    /** A queued broadcast message. */
    public record Queued(UUID tokenId, UUID eventId, Instant effectiveAt, String message) {}

    /** The outbox: {@code send} publishes one message; the relay deletes the sent ones. */
    public OutboxRelay relay(Function<Queued, Uni<Void>> send) {
        return new OutboxRelay(
                pool,
                "invalidations",
                500,
                "SELECT id, token_id, event_id, effective_at, message FROM rm_invalidation_outbox "
                        + "ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED",
                r -> send.apply(new Queued(
                        r.getUUID("token_id"),
                        r.getUUID("event_id"),
                        r.getOffsetDateTime("effective_at").toInstant(),
                        r.getString("message"))),
                "DELETE FROM rm_invalidation_outbox WHERE id = ANY($1)",
                sent -> Tuple.of(sent.stream().map(r -> r.getLong("id")).toArray(Long[]::new)));
    }
}
