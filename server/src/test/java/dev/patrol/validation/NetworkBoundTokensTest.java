package dev.patrol.validation;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.quarkus.test.junit.QuarkusTest;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import static dev.patrol.support.Api.as;
import static dev.patrol.support.Api.asResourceServer;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A token bound to networks ({@code allowedNetworks}) is usable only from an address inside them. The
 * test client is 127.0.0.1 and, in %test, no proxy is trusted: the peer is the client.
 */
@QuarkusTest
class NetworkBoundTokensTest {

    /** A new token's body (HashMap: the list may hold a null). */
    static Map<String, Object> body(List<String> networks) {
        Map<String, Object> body = new java.util.HashMap<>();
        body.put("name", "bound");
        body.put("scopes", List.of("code:read"));
        body.put("allOrganizations", true);
        body.put("allowedNetworks", networks);
        return body;
    }

    static String create(List<String> networks) {
        return as("alice")
                .body(body(networks))
                .post("/api/v1/tokens")
                .then()
                .statusCode(201)
                .extract()
                .path("token");
    }

    static int check(String secret) {
        return given().header("Authorization", "Bearer " + secret)
                .get("/auth/check?scope=code:read")
                .statusCode();
    }

    @Test
    void aTokenBoundToOtherNetworksIsRefusedWithAProblemThatNamesTheRuleNotTheNetworks() {
        String secret = create(List.of("10.0.0.0/8"));
        for (int i = 0; i < 2; i++) { // uncached, then cached
            given().header("Authorization", "Bearer " + secret)
                    .get("/auth/check?scope=code:read")
                    .then()
                    .statusCode(403)
                    .contentType("application/problem+json")
                    .header("WWW-Authenticate", containsString("invalid_token"))
                    .body("detail", containsString("bound to networks"))
                    .body(not(containsString("10.0.0.0")));
        }
    }

    @Test
    void aTokenBoundToTheClientsNetworkPassesAndNarrowingItRefusesItAtOnce() {
        String secret = create(List.of("127.0.0.0/8", "2001:db8::/32"));
        assertEquals(200, check(secret));
        assertEquals(200, check(secret)); // cached
        String id = as("alice")
                .get("/api/v1/tokens?limit=100")
                .then()
                .extract()
                .path("items.find { it.allowedNetworks == ['127.0.0.0/8', '2001:db8:0:0:0:0:0:0/32'] }.id");
        as("alice")
                .body(Map.of("allowedNetworks", List.of("192.0.2.0/24")))
                .patch("/api/v1/tokens/" + id)
                .then()
                .statusCode(200)
                .body("allowedNetworks", equalTo(List.of("192.0.2.0/24")));
        assertEquals(403, check(secret), "the instance that changed it, at once");
        as("alice")
                .body(Map.of("allowedNetworks", List.of()))
                .patch("/api/v1/tokens/" + id)
                .then()
                .statusCode(200)
                .body("allowedNetworks", equalTo(List.of()));
        assertEquals(200, check(secret), "an empty list: anywhere again");
    }

    @Test
    void networksThatAreNotBlocksAreUnprocessableNamingTheFieldAndTheEntry() {
        as("alice")
                .body(body(List.of("10.1.2.3/8")))
                .post("/api/v1/tokens")
                .then()
                .statusCode(422)
                .contentType("application/problem+json")
                .body("field", equalTo("allowedNetworks"))
                .body("detail", containsString("did you mean 10.0.0.0/8?"));
        as("alice")
                .body(body(java.util.Arrays.asList("intranet.example", null)))
                .post("/api/v1/tokens")
                .then()
                .statusCode(422)
                .body("field", equalTo("allowedNetworks"));
    }

    @Test
    void introspectionJudgesTheAddressTheResourceServerReportsAndNothingWithoutOne() {
        String secret = create(List.of("10.0.0.0/8"));
        asResourceServer()
                .formParam("token", secret)
                .post("/oauth2/introspect")
                .then()
                .body("active", equalTo(false));
        asResourceServer()
                .formParam("token", secret)
                .formParam("client_address", "10.1.2.3")
                .post("/oauth2/introspect")
                .then()
                .statusCode(200)
                .body("active", equalTo(true));
        asResourceServer()
                .formParam("token", secret)
                .formParam("client_address", "192.0.2.1")
                .post("/oauth2/introspect")
                .then()
                .body("active", equalTo(false));
        asResourceServer()
                .formParam("token", secret)
                .formParam("client_address", "gateway.internal")
                .post("/oauth2/introspect")
                .then()
                .statusCode(400)
                .contentType("application/problem+json");
        // Only a registered resource server may speak for its caller's address.
        as("gateway")
                .contentType("application/x-www-form-urlencoded")
                .formParam("token", secret)
                .formParam("client_address", "10.1.2.3")
                .post("/oauth2/introspect")
                .then()
                .statusCode(400);
    }

    @Test
    void usesRefusedFromOutsideTheNetworksAreShownToTheOwnerAndAdministratorsOncePerAddress() {
        var created = as("alice")
                .body(body(List.of("10.0.0.0/8")))
                .post("/api/v1/tokens")
                .then()
                .statusCode(201)
                .extract();
        String id = created.path("id");
        String secret = created.path("token");
        for (int i = 0; i < 3; i++) {
            assertEquals(
                    403,
                    given().header("Authorization", "Bearer " + secret)
                            .header("User-Agent", "deploy-bot/1.0")
                            .get("/auth/check?scope=code:read")
                            .statusCode());
        }
        asResourceServer()
                .formParam("token", secret)
                .formParam("client_address", "192.0.2.7")
                .post("/oauth2/introspect")
                .then()
                .body("active", equalTo(false));
        Awaitility.await()
                .atMost(Duration.ofSeconds(10))
                .until(
                        () -> as("alice")
                                .get("/api/v1/tokens/" + id + "/refusals")
                                .then()
                                .extract()
                                .path("size()"),
                        equalTo(2));
        as("alice")
                .get("/api/v1/tokens/" + id + "/refusals")
                .then()
                .statusCode(200)
                .body("clientIp", containsInAnyOrder("127.0.0.1", "192.0.2.7"))
                .body("reason", everyItem(equalTo("network")))
                .body("find { it.clientIp == '127.0.0.1' }.userAgent", equalTo("deploy-bot/1.0"))
                .body("owner", everyItem(equalTo("alice")));
        as("bob").get("/api/v1/tokens/" + id + "/refusals").then().statusCode(404);
        as("alice")
                .get("/api/v1/admin/refusals?limit=100")
                .then()
                .statusCode(200)
                .body("findAll { it.tokenId == '" + id + "' }.clientIp", containsInAnyOrder("127.0.0.1", "192.0.2.7"));
        as("bob").get("/api/v1/admin/refusals").then().statusCode(403);
        as("alice")
                .get("/api/v1/admin/refusals?limit=0")
                .then()
                .statusCode(400)
                .contentType("application/problem+json");
    }
}
