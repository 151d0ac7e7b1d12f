package dev.patrol.lifecycle;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;

import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.patrol.domain.Token;
import dev.patrol.domain.TokenEvent;
import dev.patrol.domain.TokenEvolver;
import dev.patrol.eventlog.EventCodec;
import dev.patrol.repository.TokenQueries;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import static dev.patrol.support.Api.as;
import static dev.patrol.support.Api.create;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
class ConcurrentCommandsTest {

    @Inject
    TokenQueries queries;

    @Inject
    EventCodec codec;

    @Inject
    ObjectMapper mapper;

    @Test
    void concurrentChangesEndAppliedOrConflictAndTheStateIsTheFoldOfTheHistory() throws Exception {
        String id = create("alice", "contended", "code:read")
                .statusCode(201)
                .extract()
                .path("id");
        int calls = 24;
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch start = new CountDownLatch(1);
        Map<Integer, Integer> statusCounts = new ConcurrentHashMap<>();
        List<Future<?>> futures = new ArrayList<>();
        for (int i = 0; i < calls; i++) {
            int n = i;
            futures.add(pool.submit(() -> {
                start.await();
                int status = switch (n % 6) {
                    case 0, 1 ->
                        as("alice")
                                .body(Map.of("name", "name-" + n))
                                .patch("/api/v1/tokens/" + id)
                                .statusCode();
                    case 2 ->
                        as("alice")
                                .body(Map.of(
                                        "expiresAt",
                                        java.time.Instant.now()
                                                .plus(java.time.Duration.ofDays(n + 1))
                                                .truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
                                                .toString()))
                                .patch("/api/v1/tokens/" + id)
                                .statusCode();
                    case 3, 4 ->
                        as("alice").post("/api/v1/tokens/" + id + "/regenerate").statusCode();
                    default ->
                        n == 23
                                ? as("alice").delete("/api/v1/tokens/" + id).statusCode()
                                : as("alice")
                                        .body(Map.of("name", "late-" + n))
                                        .patch("/api/v1/tokens/" + id)
                                        .statusCode();
                };
                statusCounts.merge(status, 1, Integer::sum);
                return null;
            }));
        }
        start.countDown();
        for (Future<?> f : futures) {
            f.get(60, TimeUnit.SECONDS);
        }
        pool.shutdown();

        int ok = statusCounts.getOrDefault(200, 0) + statusCounts.getOrDefault(204, 0);
        int conflicts = statusCounts.getOrDefault(409, 0);
        assertEquals(calls, ok + conflicts, "every call ends 2xx or 409: " + statusCounts);
        assertTrue(ok >= 1, "some calls win: " + statusCounts);

        List<TokenQueries.HistoryEntry> history =
                queries.history(java.util.UUID.fromString(id)).await().indefinitely();
        assertEquals(
                LongStream.rangeClosed(1, history.size()).boxed().toList(),
                history.stream().map(TokenQueries.HistoryEntry::version).toList(),
                "versions have no gaps");
        Token folded = null;
        for (TokenQueries.HistoryEntry e : history) {
            TokenEvent event = codec.decodeOne(mapper.readTree(e.payload().encode()));
            folded = TokenEvolver.apply(folded, event);
        }
        Token stored = queries.find(java.util.UUID.fromString(id))
                .await()
                .indefinitely()
                .orElseThrow();
        assertEquals(folded, stored, "the read model is the fold of the applied events");
        assertEquals(ok, history.size() - 1, "each 2xx applied exactly one change (issue excluded)");
    }
}
