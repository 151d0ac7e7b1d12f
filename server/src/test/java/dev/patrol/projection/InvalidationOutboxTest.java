package dev.patrol.projection;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;

import jakarta.inject.Inject;

import dev.patrol.support.EventLog;
import dev.patrol.support.Pats;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import static dev.patrol.support.Api.as;

/** The broadcast goes out from an outbox written with the read-model change: delayed, never lost. */
@QuarkusTest
class InvalidationOutboxTest {

    @Inject
    Pool pool;

    private long outboxRows() {
        return pool.query("SELECT count(*) FROM rm_invalidation_outbox")
                .execute()
                .await()
                .atMost(Duration.ofSeconds(5))
                .iterator()
                .next()
                .getLong(0);
    }

    @Test
    void aRevocationIsBroadcastAndLeavesNothingBehind() {
        Pats.Pat pat = Pats.create("alice", "code:read");
        as("alice").delete("/api/v1/tokens/" + pat.id()).then().statusCode(204);
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> outboxRows() == 0);
    }

    @Test
    void anInvalidationACrashLeftInTheOutboxIsPublishedByAnyInstance() throws Exception {
        // As if an instance committed a revocation and died before sending its broadcast.
        UUID tokenId = UUID.randomUUID();
        UUID eventId = UUID.randomUUID();
        String deadHash = "%064x".formatted(eventId.getLeastSignificantBits() & Long.MAX_VALUE);
        String message = "{\"eventId\":\"" + eventId + "\",\"tokenId\":\"" + tokenId + "\",\"owner\":\"alice\","
                + "\"reason\":\"revoked\",\"revokeReason\":\"owner\",\"narrowing\":true,\"version\":2,"
                + "\"effectiveAt\":\"2026-11-28T10:00:00Z\",\"deadSecretHashes\":[\"" + deadHash
                + "\"],\"staleSecretHashes\":[]}";
        try (var listener = EventLog.broadcastListener()) {
            listener.put(
                    deadHash,
                    "a consumer's cached session",
                    java.time.Instant.now().plusSeconds(3600));
            pool.preparedQuery("INSERT INTO rm_invalidation_outbox (token_id, event_id, effective_at, message) "
                            + "VALUES ($1, $2, $3, $4)")
                    .execute(Tuple.of(tokenId, eventId, Instant.now().atOffset(ZoneOffset.UTC), message))
                    .await()
                    .atMost(Duration.ofSeconds(5));
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> listener.get(deadHash) == null);
        }
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> outboxRows() == 0);
    }
}
