package dev.patrol.edge;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.patrol.domain.TokenSecrets;
import dev.patrol.repository.CommitNotices;
import dev.patrol.support.Pats;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import static dev.patrol.support.Api.as;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * Instances sharing the database hear an invalidation when the projector commits it, before the
 * broadcast reaches them through Kafka: announced on the database channel, acted on by the listener.
 */
@QuarkusTest
class CommitNoticeTest {

    @Inject
    Pool pool;

    @Inject
    EdgeCache cache;

    @Inject
    CommitNotices notices;

    private final ObjectMapper mapper = new ObjectMapper();

    @Test
    void aCommittedRevocationIsAnnouncedOnTheDatabaseChannelWithTheDeadHashOnly() throws Exception {
        List<String> heard = new CopyOnWriteArrayList<>();
        notices.listen(CommitNotices.INVALIDATION_CHANNEL, heard::add);
        Pats.Pat pat = Pats.create("alice", "code:read");
        as("alice").delete("/api/v1/tokens/" + pat.id()).then().statusCode(204);

        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> messageOf(heard, pat.id(), "revoked") != null);
        JsonNode message = messageOf(heard, pat.id(), "revoked");
        assertEquals(
                TokenSecrets.hash(pat.secret()),
                message.get("deadSecretHashes").get(0).asText());
        heard.forEach(payload ->
                assertFalse(payload.contains(pat.secret().substring(4)), "no plaintext in a database notice"));
    }

    @Test
    void aMembershipChangeIsAnnouncedAtItsCommitForEveryTokenOfTheOwner() throws Exception {
        List<String> heard = new CopyOnWriteArrayList<>();
        notices.listen(CommitNotices.INVALIDATION_CHANNEL, heard::add);
        Pats.Pat pat = Pats.create("judy", List.of("code:read"), List.of("wayne"));
        String subject = as("judy")
                .get("/api/v1/profile")
                .then()
                .statusCode(200)
                .extract()
                .path("subject");
        as("alice")
                .contentType("application/cloudevents+json")
                .body("{\"specversion\":\"1.0\",\"type\":\"dev.patrol.identity.user.organization-removed.v1\","
                        + "\"id\":\"" + UUID.randomUUID() + "\",\"source\":\"/test\",\"data\":{\"subject\":\""
                        + subject + "\",\"organization\":\"wayne\"}}")
                .post("/api/v1/admin/identity-events")
                .then()
                .statusCode(200);

        Awaitility.await()
                .atMost(Duration.ofSeconds(10))
                .until(() -> messageOf(heard, pat.id(), "membership-changed") != null);
        assertEquals(
                TokenSecrets.hash(pat.secret()),
                messageOf(heard, pat.id(), "membership-changed")
                        .get("staleSecretHashes")
                        .get(0)
                        .asText());
    }

    @Test
    void anInvalidationAnnouncedByTheDatabaseKillsTheCachedSecretWithoutTheBroadcast() {
        String hash = "%064x".formatted(UUID.randomUUID().getLeastSignificantBits() & Long.MAX_VALUE);
        String message = "[{\"eventId\":\"" + UUID.randomUUID() + "\",\"tokenId\":\"" + UUID.randomUUID()
                + "\",\"owner\":\"alice\",\"reason\":\"revoked\",\"revokeReason\":\"owner\",\"narrowing\":true,"
                + "\"version\":2,\"effectiveAt\":\"2026-11-28T10:00:00Z\",\"deadSecretHashes\":[\"" + hash
                + "\"],\"staleSecretHashes\":[]}]";
        // Nothing goes to Kafka: only the database announces it, as a projector's commit would.
        pool.preparedQuery("SELECT pg_notify($1, $2)")
                .execute(Tuple.of(CommitNotices.INVALIDATION_CHANNEL, message))
                .await()
                .atMost(Duration.ofSeconds(5));
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> cache.tombstone(hash) == EdgeCache.Death.REVOKED);
    }

    private JsonNode messageOf(List<String> payloads, String tokenId, String reason) throws Exception {
        for (String payload : payloads) {
            for (JsonNode m : mapper.readTree(payload)) {
                if (m.get("tokenId").asText().equals(tokenId)
                        && m.get("reason").asText().equals(reason)) {
                    return m;
                }
            }
        }
        return null;
    }
}
