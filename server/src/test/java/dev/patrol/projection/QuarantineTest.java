package dev.patrol.projection;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import jakarta.inject.Inject;

import dev.patrol.eventlog.EventSignature;
import dev.patrol.support.EventLog;
import dev.patrol.support.Management;
import dev.patrol.support.Pats;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.awaitility.Awaitility;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import static dev.patrol.support.Api.as;
import static dev.patrol.support.Pats.bearer;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A record Patrol cannot apply is never silently skipped: it is dead-lettered with its reason, the
 * token it names is refused everywhere (it might have been its revocation) until an administrator
 * resolves it, and the projector goes on with every other token.
 */
@QuarkusTest
class QuarantineTest {

    @Inject
    EventSignature signature;

    private static int check(String secret) {
        return bearer(secret).get("/auth/check?scope=any").statusCode();
    }

    /** A record from a newer Patrol: correctly signed, of an event type this version does not know. */
    private void writeRecordOfUnknownType(String tokenId) throws Exception {
        String value = "[{\"type\":\"patrol.token.suspended.v9\",\"eventId\":\"" + java.util.UUID.randomUUID()
                + "\",\"tokenId\":\"" + tokenId + "\",\"version\":2}]";
        EventLog.write(EventLog.eventsTopic(), tokenId, value, signature.sign(tokenId, value));
    }

    /** A key of the events topic that lands on the partition of {@code tokenId}, other than it. */
    private static String keyOnThePartitionOf(String tokenId) {
        int partitions = ConfigProvider.getConfig().getValue("patrol.topics.events.partitions", Integer.class);
        while (true) {
            String key = java.util.UUID.randomUUID().toString();
            if (partition(key, partitions) == partition(tokenId, partitions)) {
                return key;
            }
        }
    }

    private static int partition(String key, int partitions) {
        return org.apache.kafka.common.utils.Utils.toPositive(
                        org.apache.kafka.common.utils.Utils.murmur2(key.getBytes(StandardCharsets.UTF_8)))
                % partitions;
    }

    @Test
    void aWriterWithoutTheKeyCannotStallAPartitionWithANulInItsKeyId() throws Exception {
        Pats.Pat pat = Pats.create("alice", "code:read");
        // Unsigned by a trusted key, and its key id holds a NUL: the refusal quoting it must not make the
        // quarantine row (PostgreSQL text refuses NUL) fail the batch on every retry.
        String key = keyOnThePartitionOf(pat.id());
        EventLog.write(
                EventLog.eventsTopic(),
                key,
                "[]",
                List.of(
                        new RecordHeader(EventSignature.KEY_ID_HEADER, "evil\u0000id".getBytes(StandardCharsets.UTF_8)),
                        new RecordHeader(EventSignature.SIGNATURE_HEADER, "00".getBytes(StandardCharsets.UTF_8))));
        // The revocation behind it on the same partition is applied: confirmed, and refused at once.
        as("alice").delete("/api/v1/tokens/" + pat.id()).then().statusCode(204);
        assertEquals(401, check(pat.secret()));
        as("alice").get("/api/v1/admin/quarantine").then().statusCode(200).body("tokenId", hasItem(key));
        as("alice")
                .get("/api/v1/admin/quarantine")
                .then()
                .body("reason", hasItem("signed with unknown key evil\\u0000id"));
        as("alice").post("/api/v1/admin/quarantine/" + key + "/resolve"); // clean up
    }

    @Test
    void aSignedRecordLackingAFieldIsQuarantinedInsteadOfStallingTheProjector() throws Exception {
        Pats.Pat pat = Pats.create("alice", "code:read");
        assertEquals(200, check(pat.secret()));
        // A rename without its name: folded, it would fail its batch (name is NOT NULL) on every retry.
        String value = "[{\"type\":\"patrol.token.renamed.v1\",\"eventId\":\"" + java.util.UUID.randomUUID()
                + "\",\"tokenId\":\"" + pat.id() + "\",\"version\":2,\"occurredAt\":\"2026-11-28T10:16:00Z\","
                + "\"actor\":{\"kind\":\"USER\",\"id\":\"alice\"}}]";
        EventLog.write(EventLog.eventsTopic(), pat.id(), value, signature.sign(pat.id(), value));

        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> check(pat.secret()) == 401);
        assertEquals(200, check(Pats.create("alice", "code:read").secret())); // the projector went on
        String deadLetters = ConfigProvider.getConfig().getValue("patrol.topics.dead-letters.name", String.class);
        String reason = EventLog.readAll(deadLetters).stream()
                .filter(r -> r.key() != null && new String(r.key(), StandardCharsets.UTF_8).equals(pat.id()))
                .map(r -> new String(
                        r.headers().lastHeader("patrol-dead-letter-reason").value(), StandardCharsets.UTF_8))
                .findFirst()
                .orElseThrow();
        assertEquals("patrol.token.renamed.v1 lacks name", reason);
        as("alice")
                .post("/api/v1/admin/quarantine/" + pat.id() + "/resolve")
                .then()
                .statusCode(200);
    }

    @Test
    void aRecordPatrolCannotApplyQuarantinesItsTokenUntilResolved() throws Exception {
        Pats.Pat pat = Pats.create("alice", "code:read");
        Pats.Pat other = Pats.create("alice", "code:read");
        assertEquals(200, check(pat.secret())); // now cached on this instance
        writeRecordOfUnknownType(pat.id());

        // Refused, although it was cached: every edge cache was told to drop it.
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> check(pat.secret()) == 401);
        assertEquals(200, check(other.secret()));
        assertEquals(200, check(Pats.create("alice", "code:read").secret())); // the projector went on

        // Dead-lettered as it was, with the reason.
        String deadLetters = ConfigProvider.getConfig().getValue("patrol.topics.dead-letters.name", String.class);
        var copies = EventLog.readAll(deadLetters).stream()
                .filter(r -> r.key() != null && new String(r.key(), StandardCharsets.UTF_8).equals(pat.id()))
                .toList();
        assertEquals(1, copies.size());
        String reason = new String(
                copies.get(0).headers().lastHeader("patrol-dead-letter-reason").value(), StandardCharsets.UTF_8);
        assertTrue(reason.contains("unknown event type"), reason);

        // Operators see it: the readiness detail and the admin listing.
        RestAssured.given()
                .baseUri(Management.url())
                .get("/q/health/ready")
                .then()
                .body("checks.find { it.name == 'event-log' }.status", equalTo("UP"))
                .body(
                        "checks.find { it.name == 'event-log' }.data.quarantinedTokens",
                        org.hamcrest.Matchers.greaterThanOrEqualTo(1));
        as("alice").get("/api/v1/admin/quarantine").then().statusCode(200).body("tokenId", hasItem(pat.id()));
        as("bob").get("/api/v1/admin/quarantine").then().statusCode(403);

        // Resolved by an administrator: accepted again.
        as("alice")
                .post("/api/v1/admin/quarantine/" + pat.id() + "/resolve")
                .then()
                .statusCode(200);
        assertEquals(200, check(pat.secret()));
        as("alice")
                .post("/api/v1/admin/quarantine/" + pat.id() + "/resolve")
                .then()
                .statusCode(404);
    }
}
