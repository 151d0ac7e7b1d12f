package dev.patrol.edge;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.patrol.support.Pats;
import dev.patrol.support.SecondInstance;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static dev.patrol.support.Api.as;
import static io.restassured.RestAssured.given;

/**
 * Instance A is the application under test; instance B is the packaged application in its own JVM
 * (same Kafka, same PostgreSQL, same OIDC provider). A change made through A must reach B's edge
 * cache through the broadcast: B's cache TTL (60 s) is far longer than the bound asserted here.
 */
@QuarkusTest
class TwoInstancesIT {

    static final long BOUND_MS = 5000;
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

    static int checkOnB(String secret, String scope) {
        return given().baseUri(b.baseUrl())
                .header("Authorization", "Bearer " + secret)
                .queryParam("scope", scope == null ? "any" : scope)
                .get("/auth/check")
                .statusCode();
    }

    static long untilStatus(String secret, String scope, int status) throws InterruptedException {
        long t0 = System.nanoTime();
        while (System.nanoTime() - t0 < Duration.ofMillis(BOUND_MS).toNanos()) {
            if (checkOnB(secret, scope) == status) {
                return (System.nanoTime() - t0) / 1_000_000;
            }
            Thread.sleep(5);
        }
        throw new AssertionError("instance B did not answer " + status + " within " + BOUND_MS + " ms");
    }

    static void cachedOnBothInstances(String secret, String scope) {
        given().header("Authorization", "Bearer " + secret)
                .queryParam("scope", scope)
                .get("/auth/check")
                .then()
                .statusCode(200);
        if (checkOnB(secret, scope) != 200) {
            throw new AssertionError("instance B refused a valid token");
        }
    }

    @Test
    void revokedTokenIsRefusedOnEveryInstance() throws Exception {
        Pats.Pat pat = Pats.create("alice", "code:read");
        cachedOnBothInstances(pat.secret(), "code:read");
        as("alice").delete("/api/v1/tokens/" + pat.id()).then().statusCode(204);
        given().header("Authorization", "Bearer " + pat.secret())
                .get("/auth/check?scope=any")
                .then()
                .statusCode(401); // A: at once
        System.out.printf(
                "[propagation] revoke reached instance B after %d ms%n", untilStatus(pat.secret(), null, 401));
    }

    @Test
    void regeneratedSecretIsRefusedOnEveryInstance() throws Exception {
        Pats.Pat pat = Pats.create("alice", "code:read");
        cachedOnBothInstances(pat.secret(), "code:read");
        String fresh = as("alice")
                .post("/api/v1/tokens/" + pat.id() + "/regenerate")
                .then()
                .statusCode(200)
                .extract()
                .path("token");
        System.out.printf(
                "[propagation] regenerate reached instance B after %d ms%n", untilStatus(pat.secret(), null, 401));
        // An owner's regeneration only kills the old secret: its return on B must not revoke the new one.
        if (checkOnB(fresh, "code:read") != 200) {
            throw new AssertionError("the regenerated secret must work on B after the old one was refused there");
        }
    }

    @Test
    void scopeReductionIsEnforcedOnEveryInstance() throws Exception {
        Pats.Pat pat = Pats.create("alice", "code:write");
        cachedOnBothInstances(pat.secret(), "code:write");
        as("alice")
                .body(Map.of("scopes", List.of("code:read")))
                .patch("/api/v1/tokens/" + pat.id())
                .then()
                .statusCode(200);
        System.out.printf(
                "[propagation] scope reduction reached instance B after %d ms%n",
                untilStatus(pat.secret(), "code:write", 403));
        if (checkOnB(pat.secret(), "code:read") != 200) {
            throw new AssertionError("the remaining scope must still pass on B");
        }
    }

    @Test
    void instanceThatCannotReachTheDatabaseFailsClosed() throws Exception {
        Pats.Pat cached = Pats.create("bob", "code:read");
        Pats.Pat uncached = Pats.create("bob", "code:read");
        cachedOnBothInstances(cached.secret(), "code:read");
        b.database().cut();
        try {
            if (checkOnB(uncached.secret(), null) != 503) {
                throw new AssertionError("an unknowable answer must be 503, never valid");
            }
            if (checkOnB(cached.secret(), null) != 200) {
                throw new AssertionError("a cached valid token keeps working while the database is away");
            }
        } finally {
            b.database().restore();
        }
    }
}
