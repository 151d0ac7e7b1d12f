package dev.patrol.samples;

import java.time.Duration;

import dev.patrol.domain.TokenSecrets;
import dev.patrol.support.EventLog;
import dev.patrol.support.Pats;
import example.revocations.RevokedTokenSessions;
import io.quarkus.test.junit.QuarkusTest;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import static dev.patrol.support.Api.as;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** samples/revocation-consumer, used as its README shows, against the real broadcast. */
@QuarkusTest
class RevocationConsumerSampleTest {

    private static RevokedTokenSessions<String> sessions() throws InterruptedException {
        return EventLog.broadcastListener();
    }

    @Test
    void revokingATokenDropsItsCachedSessionAndOnlyThatOne() throws Exception {
        Pats.Pat revoked = Pats.create("alice", "code:read");
        Pats.Pat kept = Pats.create("alice", "code:read");
        try (var sessions = sessions()) {
            sessions.put(TokenSecrets.hash(revoked.secret()), "session of " + revoked.id());
            sessions.put(TokenSecrets.hash(kept.secret()), "session of " + kept.id());
            as("alice").delete("/api/v1/tokens/" + revoked.id()).then().statusCode(204);
            Awaitility.await()
                    .atMost(Duration.ofSeconds(10))
                    .until(() -> sessions.get(TokenSecrets.hash(revoked.secret())) == null);
            assertEquals("session of " + kept.id(), sessions.get(TokenSecrets.hash(kept.secret())));
        }
    }

    @Test
    void regeneratingATokenDropsTheSessionOfItsOldSecret() throws Exception {
        Pats.Pat pat = Pats.create("alice", "code:read");
        try (var sessions = sessions()) {
            sessions.put(TokenSecrets.hash(pat.secret()), "old");
            as("alice")
                    .post("/api/v1/tokens/" + pat.id() + "/regenerate")
                    .then()
                    .statusCode(200);
            Awaitility.await()
                    .atMost(Duration.ofSeconds(10))
                    .until(() -> sessions.get(TokenSecrets.hash(pat.secret())) == null);
        }
    }
}
