package dev.patrol.security;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import dev.patrol.support.SecondInstance;
import dev.patrol.support.TestIssuer;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

/**
 * The packaged application configured as production should be: an audience and a roles claim of
 * its own, against an issuer whose tokens the test shapes (audience, roles, organizations).
 */
@QuarkusTest
class SecureDefaultsIT {

    static TestIssuer issuer;
    static SecondInstance patrol;

    @BeforeAll
    static void start() throws Exception {
        issuer = new TestIssuer();
        patrol = SecondInstance.start(issuer.productionEnvironment());
    }

    @AfterAll
    static void stop() throws Exception {
        if (patrol != null) {
            patrol.close();
        }
        if (issuer != null) {
            issuer.close();
        }
    }

    private static io.restassured.response.ValidatableResponse profile(String token) {
        return given().baseUri(patrol.baseUrl())
                .auth()
                .oauth2(token)
                .get("/api/v1/profile")
                .then();
    }

    @Test
    void tokenIssuedForPatrolIsAccepted() {
        profile(issuer.accessToken("carol", "patrol", Map.of("roles", List.of("user"))))
                .statusCode(200);
    }

    @Test
    void aTokenIsAcceptedUntilItExpiresThenRefused() throws InterruptedException {
        // The instance's first verification fetches the issuer's keys and loads the path's classes: on
        // a loaded machine that alone could outlast the short token's life.
        profile(issuer.accessToken("carol", "patrol", Map.of("roles", List.of("user"))))
                .statusCode(200);
        Instant expiresAt = Instant.now().plusSeconds(3).truncatedTo(ChronoUnit.SECONDS);
        String token = issuer.accessToken("carol", "patrol", Map.of("roles", List.of("user")), expiresAt);
        profile(token).statusCode(200);
        // No grace past "exp": production configures none.
        Thread.sleep(Math.max(
                0, Duration.between(Instant.now(), expiresAt.plusMillis(1500)).toMillis()));
        profile(token).statusCode(401).contentType("application/problem+json");
    }

    @Test
    void tokenIssuedForAnotherApplicationIsRefused() {
        profile(issuer.accessToken("carol", "wiki", Map.of("roles", List.of("admin"))))
                .statusCode(401)
                .contentType("application/problem+json");
    }

    @Test
    void tokenWithoutAudienceIsRefused() {
        profile(issuer.accessToken("carol", null, Map.of("roles", List.of("admin"))))
                .statusCode(401);
    }

    @Test
    void organizationNamedLikeTheAdminRoleGrantsNothing() {
        profile(issuer.accessToken("mallory", "patrol", Map.of("groups", List.of("admin"))))
                .statusCode(200)
                .body("roles", not(hasItem("admin")));
        given().baseUri(patrol.baseUrl())
                .auth()
                .oauth2(issuer.accessToken("mallory", "patrol", Map.of("groups", List.of("admin"))))
                .post("/api/v1/admin/read-model/rebuild")
                .then()
                .statusCode(403);
        // Positive control: the roles claim does grant the role.
        profile(issuer.accessToken("dana", "patrol", Map.of("roles", List.of("admin"))))
                .statusCode(200)
                .body("roles", hasItem("admin"));
    }

    @Test
    void opaqueBearerStringsNeverGoToTheProvidersIntrospection() {
        String pat = dev.patrol.domain.TokenSecrets.generate("ptl", new java.security.SecureRandom());
        for (String opaque : List.of(pat, "an-opaque-string", "ptl_nope")) {
            profile(opaque).statusCode(401);
            given().baseUri(patrol.baseUrl())
                    .auth()
                    .oauth2(opaque)
                    .get("/ui")
                    .then()
                    .statusCode(org.hamcrest.Matchers.not(200));
        }
        org.junit.jupiter.api.Assertions.assertEquals(0, issuer.introspections());
    }

    @Test
    void theIssuerIsConfiguredNeverTakenFromTheHostHeader() {
        given().baseUri(patrol.baseUrl())
                .header("Host", "evil.example")
                .get("/.well-known/oauth-authorization-server")
                .then()
                .statusCode(200)
                .body("issuer", org.hamcrest.Matchers.equalTo(patrol.baseUrl()))
                .body("revocation_endpoint", org.hamcrest.Matchers.equalTo(patrol.baseUrl() + "/oauth2/revoke"));
    }

    @Test
    void theBenchmarksReferenceRouteIsNotServed() {
        // Anyone could make it read the database: only a benchmark's instance turns it on. (Served, it
        // would answer this malformed id 400.)
        given().baseUri(patrol.baseUrl()).get("/bench/select/not-an-id").then().statusCode(404);
    }
}
