package dev.patrol.repository;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.BiFunction;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.patrol.domain.Token;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The read model as the projection reads it: a batch's transaction with its partition's checkpoint,
 * the current state of the tokens a batch names, the stored offsets a projector resumes from.
 */
@ApplicationScoped
public class ReadModelStore {

    /** Advisory lock: projector batches take it shared, the rebuild's switch exclusive. */
    static final long PROJECTION_LOCK = 0x70617472_6f6cL;

    /** What the read model already holds of a batch: its tokens' states, its records applied or rejected. */
    public record Seen(Map<UUID, Token> states, Set<UUID> applied, Set<UUID> rejected) {}

    @Inject
    Pool pool;

    /**
     * Runs {@code work} in one transaction that holds the projection lock shared (a rebuild's switch
     * waits for it) and the partition's checkpoint row; {@code work} gets the partition's next offset
     * to fold (0 before its first batch).
     */
    public <T> Uni<T> inBatch(String topic, int partition, BiFunction<ReadModelTransaction, Long, Uni<T>> work) {
        return pool.withTransaction(conn -> conn.query("SELECT pg_advisory_xact_lock_shared(" + PROJECTION_LOCK + ")")
                .execute()
                .chain(() -> conn.preparedQuery(
                                "SELECT next_offset FROM rm_checkpoint WHERE topic = $1 AND kafka_partition = $2 FOR UPDATE")
                        .execute(Tuple.of(topic, partition)))
                .chain(rows -> work.apply(
                        new ReadModelTransaction(conn),
                        rows.size() == 0 ? 0L : rows.iterator().next().getLong(0))));
    }

    /** The tokens named (locked until the transaction ends) and which of the records were applied or rejected. */
    public static Uni<Seen> seen(ReadModelTransaction tx, UUID[] tokenIds, UUID[] recordIds) {
        Seen seen = new Seen(new HashMap<>(), new HashSet<>(), new HashSet<>());
        return tx.conn
                .preparedQuery("SELECT " + TokenRows.COLUMNS + " FROM rm_token WHERE token_id = ANY($1) FOR UPDATE")
                .execute(Tuple.of(tokenIds))
                .invoke(rows -> rows.forEach(r -> seen.states().put(r.getUUID("token_id"), TokenRows.toToken(r))))
                .chain(() -> tx.conn
                        .preparedQuery("SELECT event_id FROM rm_token_event WHERE event_id = ANY($1)")
                        .execute(Tuple.of(recordIds)))
                .invoke(rows -> rows.forEach(r -> seen.applied().add(r.getUUID(0))))
                .chain(() -> tx.conn
                        .preparedQuery("SELECT event_id FROM rm_rejected_record WHERE event_id = ANY($1)")
                        .execute(Tuple.of(recordIds)))
                .invoke(rows -> rows.forEach(r -> seen.rejected().add(r.getUUID(0))))
                .replaceWith(seen);
    }

    /** The next offset to fold of each partition of {@code topic} with a checkpoint. Blocking. */
    public Map<Integer, Long> checkpoints(String topic, Duration deadline) {
        Map<Integer, Long> checkpoints = new HashMap<>();
        pool.preparedQuery("SELECT kafka_partition, next_offset FROM rm_checkpoint WHERE topic = $1")
                .execute(Tuple.of(topic))
                .await()
                .atMost(deadline)
                .forEach(r -> checkpoints.put(r.getInteger(0), r.getLong(1)));
        return checkpoints;
    }

    /** A session of its own for a rebuild (blocking: a worker thread's). */
    public ShadowReadModel shadow(Duration deadline) {
        return new ShadowReadModel(pool.getConnection().await().atMost(deadline), deadline);
    }
}
