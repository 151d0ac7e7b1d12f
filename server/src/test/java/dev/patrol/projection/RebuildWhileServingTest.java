package dev.patrol.projection;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;

import jakarta.inject.Inject;

import dev.patrol.config.PatrolConfig;
import dev.patrol.domain.TokenSecrets;
import dev.patrol.eventlog.EventSignature;
import dev.patrol.support.EventLog;
import dev.patrol.support.Pats;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Pool;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import static dev.patrol.support.Api.as;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A rebuild replays into shadow tables: while it runs, listings and database lookups of validation
 * answer from the old model without waiting, commands go on, and what they did is in the new model.
 */
@QuarkusTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class) // the refusal's own rebuild before 30,000 tokens are seeded
class RebuildWhileServingTest {

    /** Enough history that the replay takes seconds on 2 cores: a lock held for it would show. */
    static final int SEEDED = 30_000;

    @Inject
    EventSignature signature;

    @Inject
    PatrolConfig config;

    @Inject
    Pool pool;

    record Answer(String what, int status, long millis) {}

    @Test
    @Order(2)
    void validationListingsAndCommandsGoOnDuringARebuild() throws Exception {
        String owner = "seeded-" + UUID.randomUUID();
        seed(owner);
        Awaitility.await()
                .atMost(Duration.ofSeconds(60))
                .until(() -> count("SELECT count(*) FROM rm_token WHERE owner = '" + owner + "'") == SEEDED);
        Pats.Pat pat = Pats.create("alice", "code:read");
        String unknown = TokenSecrets.generate(config.tokens().prefix(), new SecureRandom());

        CompletableFuture<Response> rebuild =
                CompletableFuture.supplyAsync(() -> as("alice").post("/api/v1/admin/read-model/rebuild"));
        ConcurrentLinkedQueue<Answer> answers = new ConcurrentLinkedQueue<>();
        List<String> createdDuring = new ArrayList<>();
        while (!rebuild.isDone()) {
            answers.add(timed(
                    "listing", () -> as("alice").get("/api/v1/tokens?limit=5").statusCode()));
            answers.add(timed(
                    "unknown token",
                    () -> Pats.bearer(unknown)
                            .get("/auth/check?scope=code:read")
                            .statusCode()));
            if (createdDuring.size() < 3) {
                createdDuring.add(Pats.create("alice", "code:read").id());
            }
        }
        Response done = rebuild.get();
        assertEquals(200, done.statusCode(), done.asString());
        long millis = done.jsonPath().getLong("millis");
        long switchMillis = done.jsonPath().getLong("switchMillis");
        assertTrue(millis > 1500, "the replay took only " + millis + " ms: too short to show a lock, seed more");
        assertTrue(answers.size() >= 10, "only " + answers.size() + " requests during " + millis + " ms");
        for (Answer a : answers) {
            assertEquals(a.what().equals("listing") ? 200 : 401, a.status(), a.toString());
            assertTrue(a.millis() < 1000, a + " waited during a rebuild of " + millis + " ms");
        }
        assertTrue(switchMillis < 1000, "the switch locked the tables for " + switchMillis + " ms");
        // Where the time went: the replay is most of it, and the parts add up to no more than the whole.
        long replayMillis = done.jsonPath().getLong("replayMillis");
        long indexMillis = done.jsonPath().getLong("indexMillis");
        assertTrue(replayMillis > millis / 2, done.asString());
        assertTrue(replayMillis + indexMillis + switchMillis <= millis, done.asString());

        // The new model has everything: the history, and the commands made during the replay.
        assertEquals(SEEDED, count("SELECT count(*) FROM rm_token WHERE owner = '" + owner + "'"));
        assertEquals(
                200,
                Pats.bearer(pat.secret()).get("/auth/check?scope=code:read").statusCode());
        for (String id : createdDuring) {
            as("alice").get("/api/v1/tokens/" + id).then().statusCode(200);
        }
        assertEquals(0, count("SELECT count(*) FROM pg_namespace WHERE nspname LIKE 'patrol_re%'"));
    }

    @Test
    @Order(1)
    void aRebuildWhileAnotherRunsIsRefusedWith409() {
        // Another instance's rebuild, as the database sees it: the session advisory lock it holds.
        var other = pool.getConnection().await().indefinitely();
        try {
            other.query("SELECT pg_advisory_lock(" + dev.patrol.repository.ShadowReadModel.REBUILD_LOCK + ")")
                    .execute()
                    .await()
                    .indefinitely();
            Response refused = as("alice").post("/api/v1/admin/read-model/rebuild");
            assertEquals(409, refused.statusCode(), refused.asString());
            assertEquals("application/problem+json", refused.contentType());
            other.query("SELECT pg_advisory_unlock(" + dev.patrol.repository.ShadowReadModel.REBUILD_LOCK + ")")
                    .execute()
                    .await()
                    .indefinitely();
        } finally {
            other.close().await().indefinitely();
        }
        as("alice").post("/api/v1/admin/read-model/rebuild").then().statusCode(200);
    }

    private void seed(String owner) throws Exception {
        String topic = config.topics().events().name();
        String actor = "{\"kind\":\"USER\",\"id\":\"" + owner + "\",\"clientIp\":\"127.0.0.1\",\"userAgent\":\"seed\"}";
        try (var producer = EventLog.producer()) {
            for (int i = 0; i < SEEDED; i++) {
                String id = UUID.randomUUID().toString();
                String value = "[{\"type\":\"patrol.token.issued.v1\",\"eventId\":\"" + UUID.randomUUID()
                        + "\",\"tokenId\":\"" + id
                        + "\",\"version\":1,\"occurredAt\":\"2026-01-01T00:00:00Z\",\"actor\":"
                        + actor + ",\"familyId\":\"" + id + "\",\"owner\":\"" + owner + "\",\"name\":\"seed-" + i
                        + "\",\"scopes\":[\"code:read\"],\"organizations\":{\"all\":true,\"named\":[]},\"secretHash\":\""
                        + TokenSecrets.hash(owner + i)
                        + "\",\"displayHint\":\"ptl_...seed\",\"expiresAt\":\"2036-01-01T00:00:00Z\"}]";
                ProducerRecord<String, String> r = new ProducerRecord<>(topic, id, value);
                signature.sign(id, value).forEach(h -> r.headers().add(h));
                producer.send(r);
            }
            producer.flush();
        }
    }

    private long count(String sql) {
        return pool.query(sql)
                .execute()
                .await()
                .indefinitely()
                .iterator()
                .next()
                .getLong(0);
    }

    private static Answer timed(String what, java.util.function.IntSupplier call) {
        long t0 = System.nanoTime();
        int status = call.getAsInt();
        return new Answer(what, status, (System.nanoTime() - t0) / 1_000_000);
    }
}
