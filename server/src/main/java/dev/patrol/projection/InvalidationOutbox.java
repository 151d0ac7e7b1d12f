package dev.patrol.projection;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import dev.patrol.edge.InvalidationPublisher;
import dev.patrol.repository.InvalidationOutboxRows;
import dev.patrol.repository.OutboxRelay;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;

/**
 * Publishes the revocation broadcast from {@code rm_invalidation_outbox}: rows are locked ({@code
 * SKIP LOCKED}, so instances share the work), sent, and deleted once the broker acknowledged them,
 * in one transaction ({@link OutboxRelay}). At least once: a crash after the send and before the
 * delete sends again, and consumers tolerate duplicates. Flushed after every projected batch and every second, so what a
 * crash or a broker outage left behind goes out as soon as some instance can send it.
 */
@ApplicationScoped
public class InvalidationOutbox {

    @Inject
    Vertx vertx;

    private final OutboxRelay relay;
    private long timer = -1;

    @Inject
    InvalidationOutbox(InvalidationOutboxRows rows, InvalidationPublisher publisher) {
        relay = rows.relay(q -> publisher.send(q.tokenId(), q.eventId(), q.effectiveAt(), q.message()));
    }

    void onStart(@Observes StartupEvent event) {
        timer = vertx.setPeriodic(1000, id -> flushSoon());
    }

    void onStop(@Observes ShutdownEvent event) {
        vertx.cancelTimer(timer);
    }

    /** Starts a flush unless one is running (then that one goes round once more). Never blocks. */
    public void flushSoon() {
        relay.flushSoon();
    }
}
