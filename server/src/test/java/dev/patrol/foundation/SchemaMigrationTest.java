package dev.patrol.foundation;

import jakarta.inject.Inject;

import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
class SchemaMigrationTest {

    @Inject
    Pool client;

    @Test
    void flywayMigrationsAreAppliedOnARealPostgresql() {
        Row server = client.query("SELECT version()")
                .execute()
                .await()
                .indefinitely()
                .iterator()
                .next();
        assertTrue(server.getString(0).startsWith("PostgreSQL "), server.getString(0));

        Row history = client.query("SELECT count(*) AS ok, bool_and(success) AS all_ok FROM flyway_schema_history "
                        + "WHERE version IS NOT NULL")
                .execute()
                .await()
                .indefinitely()
                .iterator()
                .next();
        assertTrue(history.getLong("ok") >= 1);
        assertTrue(history.getBoolean("all_ok"));

        Row table = client.query("SELECT count(*) FROM information_schema.tables WHERE table_name = 'rm_checkpoint'")
                .execute()
                .await()
                .indefinitely()
                .iterator()
                .next();
        assertEquals(1L, table.getLong(0));
    }
}
