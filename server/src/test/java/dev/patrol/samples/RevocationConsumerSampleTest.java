package dev.patrol.samples;

import java.time.Duration;
import java.time.Instant;

import dev.patrol.domain.TokenSecrets;
import dev.patrol.embedded.EmbeddedInfraProcess;
import dev.patrol.support.EventLog;
import dev.patrol.support.Pats;
import dev.patrol.support.TcpProxy;
import example.revocations.RevokedTokenSessions;
import io.quarkus.test.junit.QuarkusTest;
import org.awaitility.Awaitility;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import static dev.patrol.support.Api.as;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

/** samples/revocation-consumer, used as its README shows, against the real broadcast. */
@QuarkusTest
class RevocationConsumerSampleTest {

    private static final Instant IN_AN_HOUR = Instant.now().plus(Duration.ofHours(1));

    private static RevokedTokenSessions<String> sessions() throws InterruptedException {
        return EventLog.broadcastListener();
    }

    @Test
    void revokingATokenDropsItsCachedSessionAndOnlyThatOne() throws Exception {
        Pats.Pat revoked = Pats.create("alice", "code:read");
        Pats.Pat kept = Pats.create("alice", "code:read");
        try (var sessions = sessions()) {
            sessions.put(TokenSecrets.hash(revoked.secret()), "session of " + revoked.id(), IN_AN_HOUR);
            sessions.put(TokenSecrets.hash(kept.secret()), "session of " + kept.id(), IN_AN_HOUR);
            assertEquals("session of " + revoked.id(), sessions.get(TokenSecrets.hash(revoked.secret())));
            as("alice").delete("/api/v1/tokens/" + revoked.id()).then().statusCode(204);
            Awaitility.await()
                    .atMost(Duration.ofSeconds(10))
                    .until(() -> sessions.get(TokenSecrets.hash(revoked.secret())) == null);
            assertEquals("session of " + kept.id(), sessions.get(TokenSecrets.hash(kept.secret())));
        }
    }

    @Test
    void aServiceOfSignedJwtsLearnsWhichJwtsARevocationMadeStale() throws Exception {
        Pats.Pat revoked = Pats.create("alice", "code:read");
        Pats.Pat kept = Pats.create("alice", "code:read");
        try (var sessions = sessions()) {
            // The JWTs the gateway forwarded (docs/protecting-an-api.md): their client_id and iat.
            var jwt = com.nimbusds.jwt.SignedJWT.parse(Pats.bearer(revoked.secret())
                            .get("/auth/check?scope=code:read&jwt=orders-api")
                            .header("X-Patrol-Jwt"))
                    .getJWTClaimsSet();
            Instant issuedAt = jwt.getIssueTime().toInstant();
            assertEquals(false, sessions.invalidatedSince(jwt.getStringClaim("client_id"), issuedAt));
            as("alice").delete("/api/v1/tokens/" + revoked.id()).then().statusCode(204);
            Awaitility.await()
                    .atMost(Duration.ofSeconds(10))
                    .until(() -> sessions.invalidatedSince(revoked.id(), issuedAt));
            assertEquals(false, sessions.invalidatedSince(kept.id(), issuedAt));
        }
    }

    @Test
    void regeneratingATokenDropsTheSessionOfItsOldSecret() throws Exception {
        Pats.Pat pat = Pats.create("alice", "code:read");
        try (var sessions = sessions()) {
            sessions.put(TokenSecrets.hash(pat.secret()), "old", IN_AN_HOUR);
            as("alice")
                    .post("/api/v1/tokens/" + pat.id() + "/regenerate")
                    .then()
                    .statusCode(200);
            Awaitility.await()
                    .atMost(Duration.ofSeconds(10))
                    .until(() -> sessions.get(TokenSecrets.hash(pat.secret())) == null);
        }
    }

    @Test
    void aSessionIsNeverServedPastItsTokensExpiry() throws Exception {
        try (var sessions = sessions()) {
            sessions.put("a".repeat(64), "expires soon", Instant.now().plusMillis(800));
            assertEquals("expires soon", sessions.get("a".repeat(64)));
            Thread.sleep(1000);
            assertNull(sessions.get("a".repeat(64)));
        }
    }

    @Test
    void aBrokerThatIsDownEmptiesTheCacheWithinTheBoundAndTrustComesBackWithIt() throws Exception {
        int[] cuttable = EmbeddedInfraProcess.cuttableKafka();
        assertNotNull(cuttable, "needs the embedded Kafka (its cuttable listener)");
        String topic = ConfigProvider.getConfig().getValue("patrol.topics.invalidations.name", String.class);
        try (TcpProxy kafka = new TcpProxy(cuttable[1], cuttable[0]);
                var sessions = new RevokedTokenSessions<String>(
                                "127.0.0.1:" + cuttable[1], topic, Duration.ofSeconds(2))
                        .start()) {
            String hash = "b".repeat(64);
            sessions.put(hash, "cached", IN_AN_HOUR);
            assertEquals("cached", sessions.get(hash));
            long t0 = System.nanoTime();
            kafka.cut();
            // Polls return nothing and fail nothing while the broker is down: only the missing
            // confirmations tell, within the 2 s bound (plus the second between confirmations).
            Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> sessions.get(hash) == null);
            System.out.printf(
                    "[sample] cache emptied %d ms after the broker went down%n", (System.nanoTime() - t0) / 1_000_000);
            kafka.restore();
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> {
                sessions.put(hash, "cached again", IN_AN_HOUR);
                return "cached again".equals(sessions.get(hash));
            });
        }
    }
}
