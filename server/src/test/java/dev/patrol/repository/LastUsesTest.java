package dev.patrol.repository;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** {@link LastUses} writes a flush's uses in one statement: every row, the unknowns as null, newest wins. */
@QuarkusTest
class LastUsesTest {

    static final Duration WAIT = Duration.ofSeconds(10);

    @Inject
    LastUses lastUses;

    @Inject
    Pool pool;

    @Test
    void aFlushWritesEveryUseAndAnOlderUseNeverOverwritesANewerOne() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        List<LastUses.Use> uses = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            uses.add(new LastUses.Use(UUID.randomUUID(), now, "10.0.0." + (i % 250), "agent " + i));
        }
        UUID unknownPlace = UUID.randomUUID();
        uses.add(new LastUses.Use(unknownPlace, now, null, null));
        lastUses.record(uses).await().atMost(WAIT);

        UUID first = uses.get(0).tokenId();
        lastUses.record(List.of(
                        new LastUses.Use(first, now.minusSeconds(5), "10.9.9.9", "older"),
                        new LastUses.Use(uses.get(1).tokenId(), now.plusSeconds(5), "10.8.8.8", "newer")))
                .await()
                .atMost(WAIT);

        assertEquals(uses.size(), count(uses.stream().map(LastUses.Use::tokenId).toArray(UUID[]::new)));
        Row kept = row(first);
        assertEquals(now, kept.getOffsetDateTime("used_at").toInstant());
        assertEquals("10.0.0.0", kept.getString("client_ip"));
        assertEquals("agent 0", kept.getString("user_agent"));
        Row newer = row(uses.get(1).tokenId());
        assertEquals(now.plusSeconds(5), newer.getOffsetDateTime("used_at").toInstant());
        assertEquals("newer", newer.getString("user_agent"));
        Row unknown = row(unknownPlace);
        assertNull(unknown.getString("client_ip"));
        assertNull(unknown.getString("user_agent"));
    }

    private long count(UUID[] tokens) {
        return pool.preparedQuery("SELECT count(*) FROM token_last_use WHERE token_id = ANY($1)")
                .execute(Tuple.of(tokens))
                .await()
                .atMost(WAIT)
                .iterator()
                .next()
                .getLong(0);
    }

    private Row row(UUID token) {
        return pool.preparedQuery("SELECT used_at, client_ip, user_agent FROM token_last_use WHERE token_id = $1")
                .execute(Tuple.of(token))
                .await()
                .atMost(WAIT)
                .iterator()
                .next();
    }
}
