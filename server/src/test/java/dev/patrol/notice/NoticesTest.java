package dev.patrol.notice;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.patrol.domain.Actor;
import dev.patrol.domain.OrganizationBinding;
import dev.patrol.domain.TokenIssuedEvent;
import dev.patrol.domain.TokenSecrets;
import dev.patrol.eventlog.EventCodec;
import dev.patrol.eventlog.EventSignature;
import dev.patrol.repository.Notices;
import dev.patrol.support.EventLog;
import dev.patrol.support.Management;
import dev.patrol.support.Pats;
import io.quarkus.test.junit.QuarkusTest;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import static dev.patrol.support.Api.as;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * Owners are told before their tokens expire, and when something they did not do happens to a token:
 * notices as CloudEvents on patrol.token-notices.v1, each exactly once (%test scans every second).
 */
@QuarkusTest
class NoticesTest {

    @Inject
    EventCodec codec;

    @Inject
    EventSignature signature;

    @Inject
    ObjectMapper mapper;

    static String topic() {
        return ConfigProvider.getConfig().getValue("patrol.topics.notices.name", String.class);
    }

    /** The notices about {@code tokenId} on the topic now. */
    static List<ConsumerRecord<byte[], byte[]>> noticesOf(String tokenId) {
        return EventLog.readAll(topic()).stream()
                .filter(r -> tokenId.equals(header(r, "ce_subject")))
                .toList();
    }

    static String header(ConsumerRecord<byte[], byte[]> r, String name) {
        var h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    JsonNode data(ConsumerRecord<byte[], byte[]> r) throws Exception {
        return mapper.readTree(r.value());
    }

    static List<ConsumerRecord<byte[], byte[]>> awaitNotices(String tokenId, int count) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        List<ConsumerRecord<byte[], byte[]>> found = List.of();
        while (System.nanoTime() < deadline) {
            found = noticesOf(tokenId);
            if (found.size() >= count) {
                return found;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("expected " + count + " notices about " + tokenId + ", found " + found.size());
    }

    /**
     * Returns once {@code n} more expiry scans have finished, each with its notices published (the
     * scan's timer records after the flush): whatever a scan would tell has been told by then. The
     * first may have begun before the call, so {@code n} of 2 means one whole scan after it.
     */
    static void awaitScans(int n) throws InterruptedException {
        awaitScans(n, Management.url());
    }

    /** The same on each instance whose management interface is one of {@code managementUrls}. */
    static void awaitScans(int n, String... managementUrls) throws InterruptedException {
        String scans = "patrol_notices_scan_seconds_count";
        double[] before = new double[managementUrls.length];
        for (int i = 0; i < managementUrls.length; i++) {
            before[i] = Management.metric(managementUrls[i], scans);
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        for (int i = 0; i < managementUrls.length; i++) {
            while (Management.metric(managementUrls[i], scans) < before[i] + n) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError(n + " scans did not finish within 15 s on " + managementUrls[i]);
                }
                Thread.sleep(100);
            }
        }
    }

    /** A token made {@code age} ago that expires in {@code left}, written to the events topic (signed). */
    String tokenMadeAgo(Duration age, Duration left) throws Exception {
        return tokenMadeAgo(null, "deploy bot", age, left);
    }

    /** The same for {@code owner} (null: an owner of its own), named {@code name}. */
    String tokenMadeAgo(String owner, String name, Duration age, Duration left) throws Exception {
        UUID id = UUID.randomUUID();
        String secret = TokenSecrets.generate("ptl", new SecureRandom());
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        owner = owner != null ? owner : "notice-" + id;
        String value = codec.encode(List.of(new TokenIssuedEvent(
                UUID.randomUUID(),
                id,
                1,
                now.minus(age),
                Actor.user(owner, null, null),
                id,
                owner,
                name,
                Set.of("code:read"),
                OrganizationBinding.of(Set.of("acme")),
                TokenSecrets.hash(secret),
                TokenSecrets.displayHint(secret),
                now.plus(left))));
        EventLog.write(EventLog.eventsTopic(), id.toString(), value, signature.sign(id.toString(), value));
        return id.toString();
    }

    @Test
    void eachTokenIsToldOnceOfItsMostUrgentThresholdAsACloudEvent() throws Exception {
        // Thresholds crossed 12 hours ago (within the late limit of a day).
        String inAWeek = tokenMadeAgo(Duration.ofDays(40), Duration.ofDays(7).minusHours(12));
        String inAMonth = tokenMadeAgo(Duration.ofDays(40), Duration.ofDays(30).minusHours(12));
        // Crossed ten days ago (the scheduler was away): not told late; the 7-day notice will come.
        String missed = tokenMadeAgo(Duration.ofDays(40), Duration.ofDays(20));
        String bornInside = tokenMadeAgo(Duration.ofHours(1), Duration.ofDays(5));

        ConsumerRecord<byte[], byte[]> week = awaitNotices(inAWeek, 1).get(0);
        assertEquals(Notices.EXPIRING, header(week, "ce_type"));
        assertEquals("1.0", header(week, "ce_specversion"));
        assertNotNull(header(week, "ce_id"));
        assertNotNull(header(week, "ce_time"));
        assertEquals("application/json", header(week, "content-type"));
        assertEquals("notice-" + inAWeek, new String(week.key(), StandardCharsets.UTF_8));
        assertEquals(7, data(week).path("daysBefore").asInt());
        assertEquals("deploy bot", data(week).path("name").asText());
        assertEquals("acme", data(week).path("organizations").path(0).asText());
        assertEquals(
                30, data(awaitNotices(inAMonth, 1).get(0)).path("daysBefore").asInt());

        awaitScans(3); // whole scans since: nothing is told twice, and nothing about the token born inside
        assertEquals(1, noticesOf(inAWeek).size());
        assertEquals(1, noticesOf(inAMonth).size());
        assertEquals(0, noticesOf(bornInside).size());
        assertEquals(0, noticesOf(missed).size());
    }

    @Test
    void anExpiredTokenIsToldOnce() throws Exception {
        Pats.Pat pat = Pats.createExpired("carol", "code:read"); // for all organizations: a broad-access notice too
        var notices = awaitNotices(pat.id(), 2);
        assertEquals(
                List.of("patrol.token.created-with-broad-access", Notices.EXPIRED),
                notices.stream().map(r -> header(r, "ce_type")).sorted().toList());
        awaitScans(2);
        assertEquals(2, noticesOf(pat.id()).size());
    }

    @Test
    void ownersAreToldOfRevocationsTheyDidNotMakeAndOfBroadTokens() throws Exception {
        Pats.Pat revokedByAdmin = Pats.create("carol", List.of("code:read"), List.of("umbrella"));
        as("alice")
                .queryParam("reason", "notice test")
                .delete("/api/v1/admin/tokens/" + revokedByAdmin.id())
                .then()
                .statusCode(204);
        ConsumerRecord<byte[], byte[]> revoked =
                awaitNotices(revokedByAdmin.id(), 1).get(0);
        assertEquals("patrol.token.revoked", header(revoked, "ce_type"));
        assertEquals("admin", data(revoked).path("reason").asText());
        assertEquals("notice test", data(revoked).path("note").asText());
        assertEquals("ADMIN", data(revoked).path("actorKind").asText());

        Pats.Pat broad = Pats.create("carol", "full_access"); // all organizations, full access
        ConsumerRecord<byte[], byte[]> created = awaitNotices(broad.id(), 1).get(0);
        assertEquals("patrol.token.created-with-broad-access", header(created, "ce_type"));
        assertEquals(2, data(created).path("broadAccess").size());

        Pats.Pat own = Pats.create("carol", List.of("code:read"), List.of("umbrella"));
        as("carol").delete("/api/v1/tokens/" + own.id()).then().statusCode(204);
        // A notice of it would have been written with the projected revocation and published at the
        // latest by the next scan's flush.
        Awaitility.await()
                .atMost(Duration.ofSeconds(10))
                .until(() -> "revoked"
                        .equals(as("carol").get("/api/v1/tokens/" + own.id()).path("state")));
        awaitScans(2);
        assertEquals(0, noticesOf(own.id()).size(), "people are not told of what they did themselves");
        assertEquals(1, noticesOf(revokedByAdmin.id()).size());
    }

    @Test
    void anOwnerIsToldWhenWhoeverHoldsTheirTokenRevokesIt() throws Exception {
        Pats.Pat found = Pats.create("carol", List.of("code:read"), List.of("umbrella"));
        io.restassured.RestAssured.given()
                .contentType("application/x-www-form-urlencoded")
                .header("User-Agent", "secret-scanner/1.0")
                .formParam("token", found.secret())
                .post("/oauth2/revoke")
                .then()
                .statusCode(200);
        ConsumerRecord<byte[], byte[]> revoked = awaitNotices(found.id(), 1).get(0);
        assertEquals("patrol.token.revoked", header(revoked, "ce_type"));
        assertEquals("holder", data(revoked).path("reason").asText());
        assertEquals("HOLDER", data(revoked).path("actorKind").asText());
    }
}
