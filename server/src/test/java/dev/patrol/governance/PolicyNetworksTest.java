package dev.patrol.governance;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.patrol.support.Pats;
import io.quarkus.test.junit.QuarkusTest;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import static dev.patrol.support.Api.as;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * bachmanity's policy names networks: a token acts there only from inside them (the test client is
 * 127.0.0.1), and keeps working in gavin's other organizations. The global policy is left alone here:
 * every other test shares it.
 */
@QuarkusTest
class PolicyNetworksTest {

    static final String POLICY = "/api/v1/admin/organizations/bachmanity/policy";

    static int check(String secret, String organization) {
        var request = Pats.bearer(secret).queryParam("scope", "code:read");
        if (organization != null) {
            request.queryParam("org", organization);
        }
        return request.get("/auth/check").statusCode();
    }

    @Test
    void aTokenActsInAnOrganizationOnlyFromTheNetworksOfItsPolicy() {
        as("alice")
                .body(Map.of("allowedNetworks", List.of("10.1.2.3/8")))
                .put(POLICY)
                .then()
                .statusCode(422)
                .body("field", equalTo("allowedNetworks"))
                .body("detail", containsString("did you mean 10.0.0.0/8?"));
        as("alice")
                .body(Map.of("allowedNetworks", List.of("10.0.0.0/8")))
                .put(POLICY)
                .then()
                .statusCode(200)
                .body("policy.allowedNetworks", equalTo(List.of("10.0.0.0/8")));
        Pats.Pat pat = Pats.create("gavin", "code:read"); // all of gavin's organizations
        for (int i = 0; i < 2; i++) { // uncached, then cached (the fast path)
            Pats.bearer(pat.secret())
                    .get("/auth/check?scope=code:read&org=bachmanity")
                    .then()
                    .statusCode(403)
                    .contentType("application/problem+json")
                    .body("detail", containsString("policy of bachmanity"))
                    .body(not(containsString("10.0.0.0")));
            assertEquals(200, check(pat.secret(), "piedpiper"));
            assertEquals(200, check(pat.secret(), null));
        }
        Awaitility.await()
                .atMost(Duration.ofSeconds(10))
                .until(
                        () -> as("gavin")
                                .get("/api/v1/tokens/" + pat.id() + "/refusals")
                                .then()
                                .extract()
                                .path("reason"),
                        hasItem("policy-network"));

        as("alice")
                .body(Map.of("allowedNetworks", List.of("127.0.0.0/8")))
                .put(POLICY)
                .then()
                .statusCode(200);
        assertEquals(200, check(pat.secret(), "bachmanity"));
    }
}
