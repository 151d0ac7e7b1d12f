package dev.patrol.repository;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Transaction;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The tables of a rebuild (dev.patrol.projection.ReadModelRebuild): copies of the {@code rm_*}
 * tables a fold writes (same columns, constraints and index names) in the schema {@value #SHADOW},
 * filled by replays, then switched with the live ones in one short transaction. One connection,
 * blocking; {@link #close()} drops whatever is left and releases the rebuild lock.
 */
public final class ShadowReadModel implements AutoCloseable {

    /** The tables a replay reproduces. */
    static final List<String> TABLES =
            List.of("rm_token", "rm_token_event", "rm_rejected_record", "rm_dead_secret", "rm_checkpoint");

    static final String SHADOW = "patrol_rebuild";
    static final String RETIRED = "patrol_retired";
    /** Session advisory lock held by the one rebuild running. */
    public static final long REBUILD_LOCK = 0x70617472_6f6dL;

    /**
     * Indexes a replay's own statements need while it writes (not only after): without them each of
     * those statements scans its table, and a replay slows down with every row it adds.
     */
    static final java.util.Set<String> REPLAY_INDEXES = java.util.Set.of("rm_dead_secret_self_rotated");

    /** Building one index of the filled shadow tables. */
    private static final Duration INDEX_DEADLINE = Duration.ofMinutes(10);

    private final SqlConnection conn;
    private final Duration deadline;
    private boolean locked;
    private String live;

    ShadowReadModel(SqlConnection conn, Duration deadline) {
        this.conn = conn;
        this.deadline = deadline;
    }

    /** Takes the rebuild lock and creates empty shadow tables; false if another rebuild holds the lock. */
    public boolean start() {
        locked = run("SELECT pg_try_advisory_lock(" + REBUILD_LOCK + ")")
                .iterator()
                .next()
                .getBoolean(0);
        if (!locked) {
            return false;
        }
        run("SET client_min_messages TO warning"); // no NOTICE for each IF EXISTS and CASCADE
        live = run("SELECT current_schema()").iterator().next().getString(0);
        run("DROP SCHEMA IF EXISTS " + SHADOW + " CASCADE");
        run("CREATE SCHEMA " + SHADOW);
        for (String table : TABLES) {
            String source = live + "." + table;
            String target = SHADOW + "." + table;
            run("CREATE TABLE " + target + " (LIKE " + source + " INCLUDING DEFAULTS INCLUDING CONSTRAINTS)");
            for (Row c : conn.preparedQuery("SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
                            + "WHERE conrelid = $1::regclass AND contype IN ('p', 'u', 'x')")
                    .execute(Tuple.of(source))
                    .await()
                    .atMost(deadline)) {
                run("ALTER TABLE " + target + " ADD CONSTRAINT " + c.getString(0) + " " + c.getString(1));
            }
        }
        copyIndexDefinitions(REPLAY_INDEXES::contains); // on empty tables: instant
        // Unqualified rm_* names now mean the shadow tables; the others still mean the live ones.
        run("SET search_path TO " + SHADOW + ", " + live);
        return true;
    }

    /**
     * Runs {@code replay} in one transaction on the shadow tables, with the offsets the live projector
     * has folded (by partition) as its bound.
     */
    public void replay(String topic, Consumer<ReplayStep> replay) {
        inTransaction(() -> replay.accept(new ReplayStep(new ReadModelTransaction(conn), liveCheckpoints(topic))));
    }

    /**
     * The live tables' other indexes on the shadow tables, built once they are filled: one sort per
     * index instead of an index entry per row written (the replay itself needs only the keys and
     * {@link #REPLAY_INDEXES}, made with the tables).
     */
    public void copyIndexes() {
        // A sort over millions of rows takes longer than the pool's statement timeout allows a query.
        run("SET statement_timeout = '" + INDEX_DEADLINE.toSeconds() + "s'");
        copyIndexDefinitions(name -> !REPLAY_INDEXES.contains(name));
        run("RESET statement_timeout");
    }

    /** The live tables' non-constraint indexes named as {@code which} accepts, on the shadow tables. */
    private void copyIndexDefinitions(java.util.function.Predicate<String> which) {
        for (String table : TABLES) {
            String source = live + "." + table;
            String target = SHADOW + "." + table;
            for (Row i : conn.preparedQuery("SELECT pg_get_indexdef(i.indexrelid), i.indexrelid::regclass::text "
                            + "FROM pg_index i WHERE i.indrelid = $1::regclass AND NOT EXISTS "
                            + "(SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)")
                    .execute(Tuple.of(source))
                    .await()
                    .atMost(deadline)) {
                String name = i.getString(1);
                if (!which.test(name.substring(name.lastIndexOf('.') + 1))) {
                    continue;
                }
                String ddl = i.getString(0)
                        .replaceFirst(" ON (\\Q" + live + "\\E\\.)?" + table + " ", " ON " + target + " ");
                if (!ddl.contains(" ON " + target + " ")) {
                    throw new IllegalStateException("cannot copy index definition: " + i.getString(0));
                }
                conn.query(ddl).execute().await().atMost(INDEX_DEADLINE.plusSeconds(5));
            }
        }
    }

    /**
     * In one transaction holding the projection lock (projector batches wait): {@code lastReplay} folds
     * what the live projector folded meanwhile, then the live tables are moved aside and the shadow
     * tables take their place.
     */
    public void switchTables(String topic, Consumer<ReplayStep> lastReplay) {
        inTransaction(() -> {
            // Readers hold the live tables for at most a statement; if they cannot be had in
            // seconds, give up rather than queue every reader behind this transaction.
            run("SET LOCAL lock_timeout = '3s'");
            run("SELECT pg_advisory_xact_lock(" + ReadModelStore.PROJECTION_LOCK + ")");
            lastReplay.accept(new ReplayStep(new ReadModelTransaction(conn), liveCheckpoints(topic)));
            run("DROP SCHEMA IF EXISTS " + RETIRED + " CASCADE");
            run("CREATE SCHEMA " + RETIRED);
            for (String table : TABLES) {
                run("ALTER TABLE " + live + "." + table + " SET SCHEMA " + RETIRED);
                run("ALTER TABLE " + SHADOW + "." + table + " SET SCHEMA " + live);
            }
        });
    }

    /** The live model's tokens, once switched; drops the model it replaced. */
    public int tokensAfterSwitch() {
        // Counted once the switch holds nothing: a count of a million rows is not for the lock window.
        int tokens = run("SELECT count(*) FROM " + live + ".rm_token")
                .iterator()
                .next()
                .getInteger(0);
        run("DROP SCHEMA " + RETIRED + " CASCADE");
        return tokens;
    }

    /** Where a replay writes, and up to where (exclusive) it folds each partition. */
    public record ReplayStep(ReadModelTransaction tx, Map<Integer, Long> until) {}

    @Override
    public void close() {
        try {
            if (locked) {
                run("RESET search_path");
                run("RESET statement_timeout");
                run("RESET client_min_messages");
                run("DROP SCHEMA IF EXISTS " + SHADOW + " CASCADE");
                run("SELECT pg_advisory_unlock(" + REBUILD_LOCK + ")");
            }
        } finally {
            conn.close().await().atMost(deadline);
        }
    }

    private Map<Integer, Long> liveCheckpoints(String topic) {
        Map<Integer, Long> offsets = new HashMap<>();
        for (Row r : conn.preparedQuery(
                        "SELECT kafka_partition, next_offset FROM " + live + ".rm_checkpoint WHERE topic = $1")
                .execute(Tuple.of(topic))
                .await()
                .atMost(deadline)) {
            offsets.put(r.getInteger(0), r.getLong(1));
        }
        return offsets;
    }

    private void inTransaction(Runnable work) {
        Transaction tx = conn.begin().await().atMost(deadline);
        try {
            work.run();
            tx.commit().await().atMost(deadline);
        } catch (RuntimeException e) {
            tx.rollback().await().atMost(deadline);
            throw e;
        }
    }

    private RowSet<Row> run(String sql) {
        return conn.query(sql).execute().await().atMost(deadline);
    }
}
