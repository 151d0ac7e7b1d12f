package dev.patrol.edge;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.IntSupplier;

import dev.patrol.support.DevOidc;
import dev.patrol.support.Pats;
import dev.patrol.support.SecondInstance;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static dev.patrol.support.Api.as;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Instance A is the application under test; instance B is the packaged application in its own JVM
 * (same Kafka, same PostgreSQL, same OIDC provider). A change made through A must reach B's edge
 * cache through the broadcast: B's cache TTL (60 s) is far longer than the bound asserted here.
 * B trusts the test client as a proxy (only the networks test forwards an address).
 */
@QuarkusTest
class TwoInstancesIT {

    static final long BOUND_MS = 5000;
    static SecondInstance b;

    @BeforeAll
    static void startSecondInstance() throws Exception {
        // B trusts the test client as a proxy: what it forwards is the client's address.
        b = SecondInstance.start(Map.of("PATROL_NETWORK_TRUSTED_PROXIES", "127.0.0.1/32"));
    }

    @AfterAll
    static void stopSecondInstance() throws Exception {
        if (b != null) {
            b.close();
        }
    }

    static int checkOnB(String secret, String scope) {
        return checkOnBFrom(null, secret, scope);
    }

    /** As a client at {@code forwardedFor} (null: the test client itself) behind B's trusted proxy. */
    static int checkOnBFrom(String forwardedFor, String secret, String scope) {
        var request = given().baseUri(b.baseUrl()).header("Authorization", "Bearer " + secret);
        if (forwardedFor != null) {
            request.header("X-Forwarded-For", forwardedFor);
        }
        return request.queryParam("scope", scope == null ? "any" : scope)
                .get("/auth/check")
                .statusCode();
    }

    static long untilStatus(String secret, String scope, int status) throws InterruptedException {
        return untilStatus(() -> checkOnB(secret, scope), status);
    }

    /** How long until B's {@code check} answers {@code status}; fails beyond the bound. */
    static long untilStatus(IntSupplier check, int status) throws InterruptedException {
        long t0 = System.nanoTime();
        while (System.nanoTime() - t0 < Duration.ofMillis(BOUND_MS).toNanos()) {
            if (check.getAsInt() == status) {
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

    @Test
    void networksSetOnOneInstanceBindTheTokenOnEveryInstanceToTheForwardedAddress() throws Exception {
        Pats.Pat pat = Pats.create("alice", "code:read");
        cachedOnBothInstances(pat.secret(), "code:read");
        as("alice")
                .body(Map.of("allowedNetworks", List.of("10.0.0.0/8")))
                .patch("/api/v1/tokens/" + pat.id())
                .then()
                .statusCode(200)
                .body("allowedNetworks", equalTo(List.of("10.0.0.0/8")));
        given().header("Authorization", "Bearer " + pat.secret())
                .get("/auth/check?scope=code:read")
                .then()
                .statusCode(403) // A: at once, from 127.0.0.1
                .contentType("application/problem+json")
                .body("detail", containsString("networks"))
                .body("detail", not(containsString("10.0.0.0")));
        System.out.printf(
                "[propagation] networks reached instance B after %d ms%n", untilStatus(pat.secret(), "code:read", 403));
        assertEquals(
                200, checkOnBFrom("10.1.2.3", pat.secret(), "code:read"), "from inside, through the trusted proxy");
        assertEquals(
                403, checkOnBFrom("192.0.2.1", pat.secret(), "code:read"), "from outside, through the trusted proxy");
        assertEquals(200, checkOnBFrom("10.1.2.3", pat.secret(), "code:read"), "the cached answer judges each address");
    }

    @Test
    void aTokenCutFromAnOrganizationOnOneInstanceIsRefusedThereOnEveryInstanceAndWorksElsewhere() throws Exception {
        Pats.Pat pat = Pats.create("alice", "code:read"); // all of alice's organizations: acme and globex
        IntSupplier inAcmeOnB = () -> given().baseUri(b.baseUrl())
                .header("Authorization", "Bearer " + pat.secret())
                .get("/auth/check?scope=code:read&org=acme")
                .statusCode();
        cachedOnBothInstances(pat.secret(), "code:read");
        assertEquals(200, inAcmeOnB.getAsInt());
        as("dana") // administers acme
                .body(Map.of("reason", "acme allows no tokens for all organizations"))
                .post("/api/v1/admin/organizations/acme/tokens/" + pat.id() + "/cut")
                .then()
                .statusCode(200);
        given().header("Authorization", "Bearer " + pat.secret())
                .get("/auth/check?scope=code:read&org=acme")
                .then()
                .statusCode(403); // A: at once
        System.out.printf("[propagation] cut from acme reached instance B after %d ms%n", untilStatus(inAcmeOnB, 403));
        assertEquals(
                200,
                given().baseUri(b.baseUrl())
                        .header("Authorization", "Bearer " + pat.secret())
                        .get("/auth/check?scope=code:read&org=globex")
                        .statusCode(),
                "still accepted for globex");
        // On B too, acme's administrator governs acme alone and cannot loosen the global policy there.
        var dana = given().baseUri(b.baseUrl())
                .auth()
                .oauth2(DevOidc.accessToken("dana"))
                .contentType("application/json");
        dana.get("/api/v1/admin/organizations/globex/tokens").then().statusCode(403);
        dana.body(Map.of("exemptUsers", List.of("dana")))
                .put("/api/v1/admin/organizations/acme/policy")
                .then()
                .statusCode(422)
                .body("policy", equalTo("global"));
    }

    /** B's answer to {@code secret} acting in {@code organization}. */
    static IntSupplier onB(String secret, String organization) {
        return () -> given().baseUri(b.baseUrl())
                .header("Authorization", "Bearer " + secret)
                .get("/auth/check?scope=code:read&org=" + organization)
                .statusCode();
    }

    @Test
    void approvalsDecidedOnOneInstanceHoldOnEveryInstance() throws Exception {
        // hooli requires approval (jared administers it); gavin belongs to hooli and piedpiper.
        as("jared")
                .body(Map.of("approval", "required"))
                .put("/api/v1/admin/organizations/hooli/policy")
                .then()
                .statusCode(200);
        Pats.Pat approved = Pats.create("gavin", "code:read");
        Pats.Pat denied = Pats.create("gavin", "code:read");
        System.out.printf(
                "[propagation] pending in hooli on instance B after %d ms%n",
                untilStatus(onB(approved.secret(), "hooli"), 403));
        assertEquals(200, onB(approved.secret(), "piedpiper").getAsInt(), "works elsewhere meanwhile");

        as("jared")
                .body(Map.of("reason", "release train"))
                .post("/api/v1/admin/organizations/hooli/tokens/" + approved.id() + "/approve")
                .then()
                .statusCode(200);
        System.out.printf(
                "[propagation] approval in hooli reached instance B after %d ms%n",
                untilStatus(onB(approved.secret(), "hooli"), 200));

        as("jared")
                .body(Map.of("reason", "use the team's token"))
                .post("/api/v1/admin/organizations/hooli/tokens/" + denied.id() + "/deny")
                .then()
                .statusCode(200);
        // Never approved, so nothing B cached can let it in: refused there, and still accepted elsewhere.
        assertEquals(403, onB(denied.secret(), "hooli").getAsInt(), "denied: never in hooli");
        assertEquals(200, onB(denied.secret(), "piedpiper").getAsInt());
    }
}
