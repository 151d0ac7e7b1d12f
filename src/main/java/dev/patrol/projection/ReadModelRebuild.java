package dev.patrol.projection;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.patrol.config.PatrolConfig;
import dev.patrol.eventlog.EventCodec;
import dev.patrol.eventlog.EventSignature;
import dev.patrol.eventlog.KafkaClients;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Transaction;
import io.vertx.mutiny.sqlclient.Tuple;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

/**
 * Rebuilds the read model from the events topic into shadow tables and switches to them at once, so
 * validation and listings keep answering from the old model during the replay:
 *
 * <ol>
 *   <li>copies of the {@code rm_*} tables the fold writes (same columns, constraints and index names)
 *       are created in the schema {@value #SHADOW};
 *   <li>the topic is replayed from the beginning into them, with the same fold as the live projector,
 *       up to the offsets the live projector has folded — no lock is held on the live tables;
 *   <li>in one short transaction holding the projection lock (projector batches wait): the records
 *       the live projector folded meanwhile are replayed too, the live tables are moved aside and the
 *       shadow tables take their place. Both models now stand at the same offsets, so whatever the
 *       live projector has not folded yet it folds next, with its invalidations and outcomes.
 * </ol>
 *
 * Tables that are not a fold of the topic ({@code rm_quarantine} with operators' resolutions, the
 * outbox, notices, last use) are not copied: the replay writes the live ones, as the projector does.
 * One rebuild at a time across instances (an advisory lock). Blocking: call it on a worker thread.
 */
@ApplicationScoped
public class ReadModelRebuild {

    private static final Logger LOG = Logger.getLogger(ReadModelRebuild.class);

    /** The tables a replay reproduces. */
    static final List<String> TABLES =
            List.of("rm_token", "rm_token_event", "rm_rejected_record", "rm_dead_secret", "rm_checkpoint");

    static final String SHADOW = "patrol_rebuild";
    static final String RETIRED = "patrol_retired";
    /** Session advisory lock held by the one rebuild running. */
    static final long REBUILD_LOCK = 0x70617472_6f6dL;

    private static final Duration DEADLINE = Duration.ofSeconds(30);
    /** Building one index of the filled shadow tables. */
    private static final Duration INDEX_DEADLINE = Duration.ofMinutes(10);

    /**
     * What a rebuild did. Of its {@code millis}: {@code replayMillis} replaying the topic into the
     * shadow tables, {@code indexMillis} building their other indexes, {@code switchMillis} holding
     * the live tables locked.
     */
    public record Report(
            long records,
            long events,
            long rejected,
            int tokens,
            long millis,
            long replayMillis,
            long indexMillis,
            long switchMillis) {}

    /** Another rebuild (on this or another instance) is running. */
    public static final class AlreadyRunning extends RuntimeException {
        AlreadyRunning() {
            super("a rebuild of the read model is already running", null, false, false);
        }
    }

    @Inject
    Pool pool;

    @Inject
    EventCodec codec;

    @Inject
    EventSignature signature;

    @Inject
    PatrolConfig config;

    @Inject
    KafkaClients kafka;

    /** What the replay has done so far. The fold's states are in the shadow tables, not in memory. */
    private static final class Replay {
        long records;
        long events;
        long rejectedCount;
        int tokens;
    }

    public Report rebuild() {
        long t0 = System.nanoTime();
        String topic = config.topics().events().name();
        SqlConnection conn = pool.getConnection().await().atMost(DEADLINE);
        boolean locked = false;
        try (KafkaConsumer<String, String> consumer =
                kafka.consumer("rebuild", Map.of(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000))) {
            locked = run(conn, "SELECT pg_try_advisory_lock(" + REBUILD_LOCK + ")")
                    .iterator()
                    .next()
                    .getBoolean(0);
            if (!locked) {
                throw new AlreadyRunning();
            }
            run(conn, "SET client_min_messages TO warning"); // no NOTICE for each IF EXISTS and CASCADE
            String live = run(conn, "SELECT current_schema()").iterator().next().getString(0);
            createShadowTables(conn, live);
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Replay replay = new Replay();

            // Unqualified rm_* names now mean the shadow tables; the others still mean the live ones.
            run(conn, "SET search_path TO " + SHADOW + ", " + live);
            long r0 = System.nanoTime();
            Transaction tx = conn.begin().await().atMost(DEADLINE);
            try {
                replay(conn, consumer, topic, partitions, liveCheckpoints(conn, live, topic), replay);
                tx.commit().await().atMost(DEADLINE);
            } catch (RuntimeException e) {
                tx.rollback().await().atMost(DEADLINE);
                throw e;
            }
            long i0 = System.nanoTime();
            copyIndexes(conn, live);

            long s0 = System.nanoTime();
            tx = conn.begin().await().atMost(DEADLINE);
            try {
                // Readers hold the live tables for at most a statement; if they cannot be had in
                // seconds, give up rather than queue every reader behind this transaction.
                run(conn, "SET LOCAL lock_timeout = '3s'");
                run(conn, "SELECT pg_advisory_xact_lock(" + ReadModelWriter.PROJECTION_LOCK + ")");
                replay(conn, consumer, topic, partitions, liveCheckpoints(conn, live, topic), replay);
                run(conn, "DROP SCHEMA IF EXISTS " + RETIRED + " CASCADE");
                run(conn, "CREATE SCHEMA " + RETIRED);
                for (String table : TABLES) {
                    run(conn, "ALTER TABLE " + live + "." + table + " SET SCHEMA " + RETIRED);
                    run(conn, "ALTER TABLE " + SHADOW + "." + table + " SET SCHEMA " + live);
                }
                tx.commit().await().atMost(DEADLINE);
            } catch (RuntimeException e) {
                tx.rollback().await().atMost(DEADLINE);
                throw e;
            }
            long switchMillis = (System.nanoTime() - s0) / 1_000_000;
            // Counted once the switch holds nothing: a count of a million rows is not for the lock window.
            replay.tokens = run(conn, "SELECT count(*) FROM " + live + ".rm_token")
                    .iterator()
                    .next()
                    .getInteger(0);
            run(conn, "DROP SCHEMA " + RETIRED + " CASCADE");
            Report report = new Report(
                    replay.records,
                    replay.events,
                    replay.rejectedCount,
                    replay.tokens,
                    (System.nanoTime() - t0) / 1_000_000,
                    (i0 - r0) / 1_000_000,
                    (s0 - i0) / 1_000_000,
                    switchMillis);
            LOG.infof("read model rebuilt: %s", report);
            return report;
        } finally {
            try {
                if (locked) {
                    run(conn, "RESET search_path");
                    run(conn, "RESET statement_timeout");
                    run(conn, "RESET client_min_messages");
                    run(conn, "DROP SCHEMA IF EXISTS " + SHADOW + " CASCADE");
                    run(conn, "SELECT pg_advisory_unlock(" + REBUILD_LOCK + ")");
                }
            } finally {
                conn.close().await().atMost(DEADLINE);
            }
        }
    }

    /** Empty copies of {@link #TABLES} in {@link #SHADOW}, with the live tables' constraints (and their names). */
    private void createShadowTables(SqlConnection conn, String live) {
        run(conn, "DROP SCHEMA IF EXISTS " + SHADOW + " CASCADE");
        run(conn, "CREATE SCHEMA " + SHADOW);
        for (String table : TABLES) {
            String source = live + "." + table;
            String target = SHADOW + "." + table;
            run(conn, "CREATE TABLE " + target + " (LIKE " + source + " INCLUDING DEFAULTS INCLUDING CONSTRAINTS)");
            for (Row c : conn.preparedQuery("SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
                            + "WHERE conrelid = $1::regclass AND contype IN ('p', 'u', 'x')")
                    .execute(Tuple.of(source))
                    .await()
                    .atMost(DEADLINE)) {
                run(conn, "ALTER TABLE " + target + " ADD CONSTRAINT " + c.getString(0) + " " + c.getString(1));
            }
        }
    }

    /**
     * The live tables' other indexes on the shadow tables, built once they are filled: one sort per
     * index instead of an index entry per row written (the replay itself needs only the keys).
     */
    private void copyIndexes(SqlConnection conn, String live) {
        // A sort over millions of rows takes longer than the pool's statement timeout allows a query.
        run(conn, "SET statement_timeout = '" + INDEX_DEADLINE.toSeconds() + "s'");
        for (String table : TABLES) {
            String source = live + "." + table;
            String target = SHADOW + "." + table;
            for (Row i : conn.preparedQuery(
                            "SELECT pg_get_indexdef(i.indexrelid) FROM pg_index i WHERE i.indrelid = "
                                    + "$1::regclass AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)")
                    .execute(Tuple.of(source))
                    .await()
                    .atMost(DEADLINE)) {
                String ddl = i.getString(0)
                        .replaceFirst(" ON (\\Q" + live + "\\E\\.)?" + table + " ", " ON " + target + " ");
                if (!ddl.contains(" ON " + target + " ")) {
                    throw new IllegalStateException("cannot copy index definition: " + i.getString(0));
                }
                conn.query(ddl).execute().await().atMost(INDEX_DEADLINE.plusSeconds(5));
            }
        }
        run(conn, "RESET statement_timeout");
    }

    private Map<TopicPartition, Long> liveCheckpoints(SqlConnection conn, String live, String topic) {
        Map<TopicPartition, Long> offsets = new HashMap<>();
        for (Row r : conn.preparedQuery(
                        "SELECT kafka_partition, next_offset FROM " + live + ".rm_checkpoint WHERE topic = $1")
                .execute(Tuple.of(topic))
                .await()
                .atMost(DEADLINE)) {
            offsets.put(new TopicPartition(topic, r.getInteger(0)), r.getLong(1));
        }
        return offsets;
    }

    /** Folds every partition's records up to {@code until} (exclusive) into the tables the search path names. */
    private void replay(
            SqlConnection conn,
            KafkaConsumer<String, String> consumer,
            String topic,
            List<TopicPartition> partitions,
            Map<TopicPartition, Long> until,
            Replay replay) {
        List<TopicPartition> behind = partitions.stream()
                .filter(tp -> consumer.position(tp) < until.getOrDefault(tp, 0L))
                .toList();
        consumer.resume(consumer.assignment());
        consumer.pause(partitions.stream().filter(tp -> !behind.contains(tp)).toList());
        while (behind.stream().anyMatch(tp -> consumer.position(tp) < until.get(tp))) {
            var polled = consumer.poll(Duration.ofMillis(500));
            for (TopicPartition tp : polled.partitions()) {
                long end = until.getOrDefault(tp, 0L);
                List<ConsumerRecord<String, String>> batch = polled.records(tp).stream()
                        .filter(r -> r.offset() < end)
                        .collect(Collectors.toCollection(ArrayList::new));
                if (batch.isEmpty()) {
                    continue;
                }
                // Poisoned records were dead-lettered when first projected; here they only quarantine.
                TokenProjector.Decoded decoded = TokenProjector.decode(codec, signature, tp, batch, 0);
                // The live projector announced, broadcast and noticed these when it folded them.
                ReadModelFold fold = TokenProjector.fold(conn, decoded)
                        .await()
                        .atMost(DEADLINE)
                        .replayed();
                ReadModelWriter.write(
                                conn,
                                fold,
                                codec,
                                i -> {
                                    throw new IllegalStateException("a rebuild broadcasts nothing");
                                },
                                topic,
                                Map.of(
                                        tp.partition(),
                                        batch.get(batch.size() - 1).offset() + 1))
                        .await()
                        .atMost(DEADLINE);
                replay.records += batch.size();
                replay.events += fold.applied.size();
                replay.rejectedCount += fold.rejected.size();
            }
        }
        // A poll may have fetched past the bound: the next replay starts exactly there.
        behind.forEach(tp -> consumer.seek(tp, until.get(tp)));
    }

    private static io.vertx.mutiny.sqlclient.RowSet<Row> run(SqlConnection conn, String sql) {
        return conn.query(sql).execute().await().atMost(DEADLINE);
    }
}
