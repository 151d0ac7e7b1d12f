package dev.patrol.repository;

import java.time.Duration;
import java.util.List;

import jakarta.inject.Inject;

import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/**
 * The writer sends a token's scopes and organizations as array literals (one statement per batch):
 * whatever text they hold, PostgreSQL reads back exactly those elements.
 */
@QuarkusTest
class ArrayColumnsTest {

    @Inject
    Pool pool;

    @Test
    void anyTextSurvivesAnArrayLiteral() {
        for (String[] values : List.of(
                new String[] {},
                new String[] {""},
                new String[] {"code:read", "build:read"},
                new String[] {"a\"b", "c\\d", "{x,y}", "NULL", " padded ", "comma,inside", "é 日本"},
                new String[] {"\\\"", "\"", "\\"})) {
            String[] read = pool.preparedQuery("SELECT unnest($1::text[])::text[] AS a FROM (SELECT 1) x")
                    .execute(Tuple.of(new String[] {ReadModelWriter.arrayLiteral(values)}))
                    .await()
                    .atMost(Duration.ofSeconds(5))
                    .iterator()
                    .next()
                    .getArrayOfStrings("a");
            assertArrayEquals(values, read, String.join(" | ", values));
        }
    }
}
