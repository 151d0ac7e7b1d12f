package dev.patrol.projection;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import dev.patrol.edge.Invalidation;
import dev.patrol.edge.InvalidationPublisher;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import org.jboss.logging.Logger;

/**
 * Publishes the revocation broadcast from {@code rm_invalidation_outbox}: rows are locked ({@code
 * SKIP LOCKED}, so instances share the work), sent, and deleted once the broker acknowledged them,
 * in one transaction. At least once: a crash after the send and before the delete sends again, and
 * consumers tolerate duplicates. Flushed after every projected batch and every second, so what a
 * crash or a broker outage left behind goes out as soon as some instance can send it.
 */
@ApplicationScoped
public class InvalidationOutbox {

    private static final Logger LOG = Logger.getLogger(InvalidationOutbox.class);
    private static final int CHUNK = 500;
    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(10);
    private static final int NOTIFY_BYTES = 7900; // pg_notify payloads must stay under 8000 bytes

    @Inject
    Pool pool;

    @Inject
    InvalidationPublisher publisher;

    @Inject
    Vertx vertx;

    private final AtomicBoolean flushing = new AtomicBoolean();
    private final AtomicBoolean again = new AtomicBoolean();
    private long timer = -1;

    void onStart(@Observes StartupEvent event) {
        timer = vertx.setPeriodic(1000, id -> flushSoon());
    }

    void onStop(@Observes ShutdownEvent event) {
        vertx.cancelTimer(timer);
    }

    /** Starts a flush unless one is running (then that one goes round once more). Never blocks. */
    public void flushSoon() {
        if (!flushing.compareAndSet(false, true)) {
            again.set(true);
            return;
        }
        again.set(false);
        flush().subscribe().with(sent -> done(), e -> {
            // The rows stay: the next flush (at the latest in a second) sends them.
            LOG.warnf(
                    "publishing invalidations failed, will retry: %s",
                    e.getClass().getSimpleName());
            done();
        });
    }

    private void done() {
        flushing.set(false);
        if (again.get()) {
            flushSoon();
        }
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

    /** Sends and deletes everything in the outbox; the number of messages sent. */
    Uni<Integer> flush() {
        return flushChunk()
                .chain(n ->
                        n == CHUNK ? flush().map(m -> n + m) : Uni.createFrom().item(n));
    }

    private Uni<Integer> flushChunk() {
        return pool.withTransaction(conn -> conn.preparedQuery(
                                "SELECT id, token_id, event_id, effective_at, message FROM rm_invalidation_outbox "
                                        + "ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED")
                        .execute(Tuple.of(CHUNK))
                        .chain(rows -> {
                            if (rows.size() == 0) {
                                return Uni.createFrom().item(0);
                            }
                            List<Uni<Void>> sends = new ArrayList<>();
                            List<Long> ids = new ArrayList<>();
                            for (Row r : rows) {
                                ids.add(r.getLong("id"));
                                sends.add(publisher.send(
                                        r.getUUID("token_id"),
                                        r.getUUID("event_id"),
                                        r.getOffsetDateTime("effective_at").toInstant(),
                                        r.getString("message")));
                            }
                            return Uni.join()
                                    .all(sends)
                                    .andFailFast()
                                    .ifNoItem()
                                    .after(SEND_TIMEOUT)
                                    .fail()
                                    .chain(() -> conn.preparedQuery(
                                                    "DELETE FROM rm_invalidation_outbox WHERE id = ANY($1)")
                                            .execute(Tuple.of(ids.toArray(Long[]::new))))
                                    .map(deleted -> ids.size());
                        }))
                .ifNoItem()
                .after(SEND_TIMEOUT.plusSeconds(5))
                .fail();
    }
}
