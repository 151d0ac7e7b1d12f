package dev.patrol.repository;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.UUID;

import jakarta.inject.Inject;

import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every regeneration the projector or a rebuild folds runs {@link ReadModelWriter#DISARM} once: it
 * must reach the token's self-rotated secrets by index, not by scanning every dead secret (which made
 * a fold slow down with each row it added), in the live tables and in a rebuild's shadow tables.
 */
@QuarkusTest
class DeadSecretIndexTest {

    @Inject
    Pool pool;

    @Test
    void disarmingAfterARegenerationFindsTheSecretsByIndex() {
        StringBuilder plan = new StringBuilder();
        pool.withTransaction(c -> c.query("SET LOCAL enable_seqscan = off")
                        .execute()
                        .chain(() -> c.preparedQuery("EXPLAIN " + ReadModelWriter.DISARM)
                                .execute(Tuple.of(UUID.randomUUID(), OffsetDateTime.now())))
                        .invoke(rows ->
                                rows.forEach(r -> plan.append(r.getString(0)).append('\n'))))
                .await()
                .atMost(Duration.ofSeconds(10));
        assertTrue(plan.toString().contains("rm_dead_secret_self_rotated"), plan.toString());
    }

    @Test
    void theIndexesARebuildMakesBeforeItsReplayExist() {
        for (String name : ShadowReadModel.REPLAY_INDEXES) {
            Row count = pool.preparedQuery(
                            "SELECT count(*) FROM pg_indexes WHERE indexname = $1 AND schemaname = current_schema()")
                    .execute(Tuple.of(name))
                    .await()
                    .atMost(Duration.ofSeconds(10))
                    .iterator()
                    .next();
            assertEquals(1L, count.getLong(0), name + " is named in ShadowReadModel.REPLAY_INDEXES");
        }
    }
}
