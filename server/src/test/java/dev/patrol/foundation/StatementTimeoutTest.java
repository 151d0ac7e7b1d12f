package dev.patrol.foundation;

import java.time.Duration;

import jakarta.inject.Inject;

import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** PostgreSQL itself ends a statement of Patrol's pool that runs past the deadline. */
@QuarkusTest
class StatementTimeoutTest {

    @Inject
    Pool pool;

    @Test
    void aStatementRunningPastTheDeadlineIsCancelledByTheDatabase() {
        long t0 = System.nanoTime();
        var e = assertThrows(
                RuntimeException.class,
                () -> pool.query("SELECT pg_sleep(30)").execute().await().atMost(Duration.ofSeconds(20)));
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(String.valueOf(e.getMessage()).contains("statement timeout"), e.toString());
        assertTrue(ms < 10_000, "cancelled after " + ms + " ms");
    }
}
