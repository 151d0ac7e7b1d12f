package dev.patrol.projection;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import dev.patrol.edge.Invalidation;
import dev.patrol.edge.InvalidationPublisher;
import dev.patrol.readmodel.OutboxRelay;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Publishes the revocation broadcast from {@code rm_invalidation_outbox}: rows are locked ({@code
 * SKIP LOCKED}, so instances share the work), sent, and deleted once the broker acknowledged them,
 * in one transaction ({@link OutboxRelay}). At least once: a crash after the send and before the
 * delete sends again, and consumers tolerate duplicates. Flushed after every projected batch and every second, so what a
 * crash or a broker outage left behind goes out as soon as some instance can send it.
 */
@ApplicationScoped
public class InvalidationOutbox {

    private static final int NOTIFY_BYTES = 7900; // pg_notify payloads must stay under 8000 bytes

    @Inject
    Vertx vertx;

    private final OutboxRelay relay;
    private long timer = -1;

    @Inject
    InvalidationOutbox(Pool pool, InvalidationPublisher publisher) {
        relay = new OutboxRelay(
                pool,
                "invalidations",
                500,
                "SELECT id, token_id, event_id, effective_at, message FROM rm_invalidation_outbox "
                        + "ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED",
                r -> publisher.send(
                        r.getUUID("token_id"),
                        r.getUUID("event_id"),
                        r.getOffsetDateTime("effective_at").toInstant(),
                        r.getString("message")),
                "DELETE FROM rm_invalidation_outbox WHERE id = ANY($1)",
                sent -> Tuple.of(sent.stream().map(r -> r.getLong("id")).toArray(Long[]::new)));
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

    /**
     * The announcements of these broadcast messages at the commit of the transaction that queues them
     * (parameters of {@code SELECT pg_notify($1, $2)}): JSON arrays of messages on {@link
     * Invalidation#COMMIT_CHANNEL}, each under pg_notify's limit. Instances sharing the database drop
     * what is stale at the commit, without waiting for the broadcast (which still carries every
     * message, to every cache).
     */
    public static List<Tuple> commitNotices(List<String> messages) {
        List<Tuple> notices = new ArrayList<>();
        StringBuilder payload = new StringBuilder();
        int bytes = 0; // of the payload so far, without its closing bracket
        for (String m : messages) {
            int size = m.getBytes(StandardCharsets.UTF_8).length + 1; // with its '[' or ','
            if (size + 1 > NOTIFY_BYTES) {
                continue; // too large to announce: the broadcast alone carries it
            }
            if (bytes + size + 1 > NOTIFY_BYTES) {
                notices.add(Tuple.of(
                        Invalidation.COMMIT_CHANNEL, payload.append(']').toString()));
                payload.setLength(0);
                bytes = 0;
            }
            payload.append(bytes == 0 ? '[' : ',').append(m);
            bytes += size;
        }
        if (bytes > 0) {
            notices.add(
                    Tuple.of(Invalidation.COMMIT_CHANNEL, payload.append(']').toString()));
        }
        return notices;
    }
}
