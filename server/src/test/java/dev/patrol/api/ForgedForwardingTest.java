package dev.patrol.api;

import java.time.Duration;

import dev.patrol.support.Pats;
import io.quarkus.test.junit.QuarkusTest;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import static dev.patrol.support.Api.as;
import static dev.patrol.support.Pats.bearer;
import static org.hamcrest.Matchers.equalTo;

/** The test client is not a trusted proxy: what it claims in forwarding headers is not recorded. */
@QuarkusTest
class ForgedForwardingTest {

    @Test
    void forgedForwardingHeadersFromAnUntrustedPeerAreNotRecorded() {
        String id = as("alice")
                .header("X-Forwarded-For", "203.0.113.66")
                .header("X-Real-IP", "203.0.113.67")
                .body(java.util.Map.of(
                        "name", "forged", "scopes", new String[] {"code:read"}, "allOrganizations", true))
                .post("/api/v1/tokens")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        as("alice")
                .get("/api/v1/tokens/" + id + "/history")
                .then()
                .body("[0].data.actor.clientIp", equalTo("127.0.0.1"));
    }

    @Test
    void lastUseBehindAnUntrustedPeerIsThePeer() {
        Pats.Pat pat = Pats.create("alice", "code:read");
        bearer(pat.secret())
                .header("X-Forwarded-For", "203.0.113.66")
                .header("X-Real-IP", "203.0.113.67")
                .get("/auth/check?scope=code:read")
                .then()
                .statusCode(200);
        Awaitility.await()
                .atMost(Duration.ofSeconds(10))
                .untilAsserted(() ->
                        as("alice").get("/api/v1/tokens/" + pat.id()).then().body("lastUsedIp", equalTo("127.0.0.1")));
    }
}
