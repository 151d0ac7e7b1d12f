package dev.patrol.repository;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import org.jboss.logging.Logger;

/**
 * The one outbox loop (the revocation broadcast's and the owners' notices'): in one transaction,
 * lock a chunk of the rows waiting in an outbox table ({@code FOR UPDATE SKIP LOCKED}: instances share
 * the work and never send the same row at once), send each, and mark them sent once the broker
 * acknowledged every one; again while chunks come back full. At least once: a crash between the
 * acknowledgement and the commit sends the chunk again, and consumers drop duplicates by id. A
 * failure leaves the rows for the next flush.
 */
public final class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(10);
    /** The whole chunk's transaction: the sends, and the database on either side of them. */
    private static final Duration CHUNK_TIMEOUT = SEND_TIMEOUT.plusSeconds(5);

    private final Pool pool;
    private final String what;
    private final int chunk;
    private final String selectWaiting;
    private final Function<Row, Uni<Void>> send;
    private final String markSent;
    private final Function<List<Row>, Tuple> markParameters;
    private final AtomicBoolean flushing = new AtomicBoolean();
    private final AtomicBoolean again = new AtomicBoolean();

    /**
     * @param what the outbox, as the log names it
     * @param selectWaiting the waiting rows, oldest first, {@code LIMIT $1 FOR UPDATE SKIP LOCKED}
     * @param send sends one row; completes when the broker acknowledged it
     * @param markSent deletes the sent rows, or marks them sent, with {@code markParameters} of them
     */
    public OutboxRelay(
            Pool pool,
            String what,
            int chunk,
            String selectWaiting,
            Function<Row, Uni<Void>> send,
            String markSent,
            Function<List<Row>, Tuple> markParameters) {
        this.pool = pool;
        this.what = what;
        this.chunk = chunk;
        this.selectWaiting = selectWaiting;
        this.send = send;
        this.markSent = markSent;
        this.markParameters = markParameters;
    }

    /**
     * Sends everything waiting; the number sent. If a flush is running on this instance, that one
     * goes round once more and this answers 0 at once. Never fails: the rows wait for the next flush.
     */
    public Uni<Integer> flush() {
        if (!flushing.compareAndSet(false, true)) {
            again.set(true);
            return Uni.createFrom().item(0);
        }
        again.set(false);
        return drain().onFailure()
                .recoverWithItem(e -> {
                    LOG.warnf(
                            "publishing %s failed, will retry: %s",
                            what, e.getClass().getSimpleName());
                    return 0;
                })
                .eventually(() -> {
                    flushing.set(false);
                    if (again.getAndSet(false)) {
                        flushSoon();
                    }
                });
    }

    /** {@link #flush()} without waiting for it. Never blocks. */
    public void flushSoon() {
        flush().subscribe().with(n -> {});
    }

    private Uni<Integer> drain() {
        return sendChunk()
                .chain(n ->
                        n == chunk ? drain().map(m -> n + m) : Uni.createFrom().item(n));
    }

    private Uni<Integer> sendChunk() {
        return pool.withTransaction(conn -> conn.preparedQuery(selectWaiting)
                        .execute(Tuple.of(chunk))
                        .chain(rows -> {
                            if (rows.size() == 0) {
                                return Uni.createFrom().item(0);
                            }
                            List<Row> sent = new ArrayList<>();
                            List<Uni<Void>> sends = new ArrayList<>();
                            for (Row r : rows) {
                                sent.add(r);
                                sends.add(send.apply(r));
                            }
                            return Uni.join()
                                    .all(sends)
                                    .andFailFast()
                                    .ifNoItem()
                                    .after(SEND_TIMEOUT)
                                    .fail()
                                    .chain(() -> conn.preparedQuery(markSent).execute(markParameters.apply(sent)))
                                    .map(marked -> sent.size());
                        }))
                .ifNoItem()
                .after(CHUNK_TIMEOUT)
                .fail();
    }
}
