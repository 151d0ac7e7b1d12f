package dev.patrol.lifecycle;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import dev.patrol.projection.TokenProjector;
import dev.patrol.support.EventLog;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import org.junit.jupiter.api.Test;

import static dev.patrol.support.Api.create;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

@QuarkusTest
class ProjectorRestartTest {

    @Inject
    TokenProjector projector;

    @Inject
    Pool pool;

    @Test
    void projectorStoppedMidStreamLosesNoEventAndAppliesNoneTwice() throws Exception {
        String owner = "restart-" + UUID.randomUUID().toString().substring(0, 8);
        ExecutorService clients = Executors.newFixedThreadPool(4);
        List<Future<Integer>> calls = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            int n = i;
            calls.add(clients.submit(
                    () -> create(owner, "t" + n, "code:read").extract().statusCode()));
            if (i == 15) {
                projector.stop();
            }
        }
        Thread.sleep(1500); // commands keep arriving in Kafka while nothing projects them
        projector.start();
        List<Integer> statuses = new ArrayList<>();
        for (Future<Integer> f : calls) {
            statuses.add(f.get(60, TimeUnit.SECONDS));
        }
        clients.shutdown();
        assertEquals(40, statuses.stream().filter(s -> s == 201).count(), "every create confirmed: " + statuses);
        long tokens = count("SELECT count(*) FROM rm_token WHERE owner = $1", owner);
        long events = count(
                "SELECT count(*) FROM rm_token_event e JOIN rm_token t USING (token_id) WHERE t.owner = $1", owner);
        assertEquals(40, tokens);
        assertEquals(40, events);
    }

    @Test
    void redeliveredRecordsAreNotAppliedTwice() throws Exception {
        String owner = "redeliver-" + UUID.randomUUID().toString().substring(0, 8);
        for (int i = 0; i < 5; i++) {
            create(owner, "t" + i, "code:read").statusCode(201);
        }
        long before = count("SELECT count(*) FROM rm_token_event", null);
        // As if the checkpoint were behind (crash between Kafka delivery and commit): everything is delivered again.
        projector.stop();
        pool.query("UPDATE rm_checkpoint SET next_offset = 0").execute().await().indefinitely();
        projector.start();
        create(owner, "after", "code:read").statusCode(201);
        long end = EventLog.endOffsetSum(EventLog.eventsTopic());
        await().atMost(Duration.ofSeconds(30))
                .until(() -> count("SELECT coalesce(sum(next_offset), 0) FROM rm_checkpoint", null) == end);
        assertEquals(before + 1, count("SELECT count(*) FROM rm_token_event", null));
        assertEquals(6, count("SELECT count(*) FROM rm_token WHERE owner = $1", owner));
    }

    private long count(String sql, String owner) {
        var q = pool.preparedQuery(sql);
        var rows = owner == null
                ? q.execute().await().indefinitely()
                : q.execute(Tuple.of(owner)).await().indefinitely();
        return rows.iterator().next().getLong(0);
    }
}
