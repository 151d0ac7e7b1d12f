package dev.patrol.governance;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.patrol.support.Pats;
import dev.patrol.support.SecondInstance;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static dev.patrol.support.Api.as;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * What administrators do through instance A (the application under test) reaches instance B (the
 * packaged application, its own JVM, same Kafka and PostgreSQL) although B had the token cached as
 * valid: revocations through the broadcast, policies through the policy topic.
 */
@QuarkusTest
class GovernanceOnEveryInstanceIT {

    static final long BOUND_MS = 5000;
    static final String UMBRELLA = "/api/v1/admin/organizations/umbrella/policy";
    static SecondInstance b;

    @BeforeAll
    static void startSecondInstance() throws Exception {
        b = SecondInstance.start();
    }

    @AfterAll
    static void stopSecondInstance() throws Exception {
        if (b != null) {
            b.close();
        }
    }

    @AfterEach
    void clearPolicy() {
        as("alice").body(Map.of()).put(UMBRELLA).then().statusCode(200);
    }

    static int checkOn(String baseUri, String secret) {
        return given().baseUri(baseUri)
                .header("Authorization", "Bearer " + secret)
                .get("/auth/check?scope=any")
                .statusCode();
    }

    static Pats.Pat cachedOnBoth(String user, String scope) {
        Pats.Pat pat = Pats.create(user, List.of(scope), List.of("umbrella"));
        assertEquals(200, Pats.bearer(pat.secret()).get("/auth/check?scope=any").statusCode());
        assertEquals(200, checkOn(b.baseUrl(), pat.secret()));
        return pat;
    }

    static long untilOnB(String secret, int status) throws InterruptedException {
        long t0 = System.nanoTime();
        while (System.nanoTime() - t0 < Duration.ofMillis(BOUND_MS).toNanos()) {
            if (checkOn(b.baseUrl(), secret) == status) {
                return (System.nanoTime() - t0) / 1_000_000;
            }
            Thread.sleep(5);
        }
        throw new AssertionError("instance B did not answer " + status + " within " + BOUND_MS + " ms");
    }

    @Test
    void anAdministratorsRevocationsAreRefusedOnEveryInstance() throws Exception {
        Pats.Pat one = cachedOnBoth("carol", "code:read");
        as("alice")
                .queryParam("reason", "offboarding test")
                .delete("/api/v1/admin/tokens/" + one.id())
                .then()
                .statusCode(204);
        System.out.printf(
                "[governance] admin revocation reached instance B after %d ms%n", untilOnB(one.secret(), 401));

        Pats.Pat two = cachedOnBoth("erin", "code:read");
        as("alice")
                .body(Map.of("reason", "left"))
                .post("/api/v1/admin/users/" + AdminTokensTest.subject("erin") + "/revoke-all")
                .then()
                .statusCode(200);
        System.out.printf("[governance] revoke-all reached instance B after %d ms%n", untilOnB(two.secret(), 401));
    }

    @Test
    void aPolicyThatRefusesExistingTokensIsEnforcedOnEveryInstanceAndLiftedEverywhere() throws Exception {
        Pats.Pat pat = cachedOnBoth("carol", "code:write");
        as("alice")
                .body(Map.of("allowedScopes", List.of("code:read"), "existingTokens", "refuse"))
                .put(UMBRELLA)
                .then()
                .statusCode(200);
        System.out.printf("[governance] refusing policy reached instance B after %d ms%n", untilOnB(pat.secret(), 403));
        as("alice").body(Map.of()).put(UMBRELLA).then().statusCode(200);
        untilOnB(pat.secret(), 200);
    }

    @Test
    void aPolicyThatRevokesExistingTokensIsEnforcedOnEveryInstance() throws Exception {
        Pats.Pat pat = cachedOnBoth("carol", "full_access");
        as("alice")
                .body(Map.of("allowFullAccess", false, "existingTokens", "revoke"))
                .put(UMBRELLA)
                .then()
                .statusCode(200);
        System.out.printf("[governance] revoking policy reached instance B after %d ms%n", untilOnB(pat.secret(), 401));
        as("alice").body(Map.of()).put(UMBRELLA).then().statusCode(200);
        assertEquals(
                401, checkOn(b.baseUrl(), pat.secret()), "revoked for good: lifting the policy does not revive it");
    }
}
