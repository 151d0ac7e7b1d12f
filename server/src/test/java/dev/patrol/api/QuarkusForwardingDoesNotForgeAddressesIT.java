package dev.patrol.api;

import java.time.Duration;
import java.util.Map;

import dev.patrol.support.Pats;
import dev.patrol.support.SecondInstance;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import static dev.patrol.support.Api.as;
import static org.hamcrest.Matchers.equalTo;

/**
 * An operator who turns on Quarkus' proxy-address-forwarding (for https redirect URIs behind a TLS
 * ingress) does not open address forging: Quarkus then reports the client-written forwarding headers
 * as the request's address, but Patrol reads the connection's peer and applies its own trusted
 * proxies (none here).
 */
@QuarkusTest
class QuarkusForwardingDoesNotForgeAddressesIT {

    @Test
    void aClientWrittenForwardedForIsNotTheClientAddressEvenWithQuarkusForwardingOn() throws Exception {
        Pats.Pat pat = Pats.create("alice", "code:read");
        try (SecondInstance b = SecondInstance.start(Map.of(
                "QUARKUS_HTTP_PROXY_PROXY_ADDRESS_FORWARDING", "true",
                "QUARKUS_HTTP_PROXY_ALLOW_X_FORWARDED", "true"))) {
            RestAssured.given()
                    .baseUri(b.baseUrl())
                    .header("Authorization", "Bearer " + pat.secret())
                    .header("X-Forwarded-For", "203.0.113.66")
                    .get("/auth/check?scope=code:read")
                    .then()
                    .statusCode(200);
            Awaitility.await()
                    .atMost(Duration.ofSeconds(15))
                    .untilAsserted(() -> as("alice")
                            .get("/api/v1/tokens/" + pat.id())
                            .then()
                            .body("lastUsedIp", equalTo("127.0.0.1")));
        }
    }
}
