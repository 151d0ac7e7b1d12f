package dev.patrol.deploy;

import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.patrol.support.Pats;
import dev.patrol.support.SecondInstance;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import static dev.patrol.support.Api.as;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Trains the JDK's ahead-of-time cache (JEP 483/514/515) that the image ships: the packaged application,
 * started with the image's JVM options and {@code -XX:AOTCacheOutput}, serves what production serves
 * (cached and uncached checks, Bearer and Basic, refusals, listings, a create, a revocation that this
 * test's instance hears through the broadcast); at its exit the JVM writes
 * {@link SecondInstance#AOT_CACHE}. It runs before every other IT ({@code @Order(1)}; failsafe orders the
 * classes by {@code @Order}, server/pom.xml), so that their packaged instances start from the cache too. Then it proves the cache usable: an instance
 * started with {@code -XX:AOTMode=on}, which refuses to start without it, validates.
 *
 * <p>Not a {@code @QuarkusIntegrationTest} (which Quarkus trains from when
 * {@code quarkus.package.jar.aot.enabled}): the packaged instances of this suite join the test's own
 * Patrol, its embedded infrastructure and dev OIDC provider (docs/architecture.md, "Ahead-of-time cache").
 */
@QuarkusTest
@Order(1)
class AheadOfTimeCacheIT {

    static final int ROUNDS = 500;

    @Test
    void theTrainedCacheStartsAnInstanceThatValidates() throws Exception {
        assumeTrue(
                Runtime.version().feature() >= 25,
                "no ahead-of-time cache: the tests run on Java "
                        + Runtime.version().feature()
                        + ", and -XX:AOTCacheOutput needs 25 or newer (the image then starts without one)");
        Files.deleteIfExists(SecondInstance.AOT_CACHE);
        Pats.Pat held = Pats.create("alice", "code:read");
        try (SecondInstance training =
                SecondInstance.start(List.of("-XX:AOTCacheOutput=" + SecondInstance.AOT_CACHE), Map.of())) {
            String b = training.baseUrl();
            for (int i = 0; i < ROUNDS; i++) {
                check(b, Pats.bearer(held.secret()), "code:read", 200);
                check(b, Pats.basic("git", held.secret()), "code:read", 200);
                check(b, Pats.bearer(held.secret()), "code:write", 403);
                check(b, Pats.bearer("patrol_pat_unknown" + i), "code:read", 401);
                if (i % 5 == 0) { // people's listings: OIDC bearer, PostgreSQL, JSON
                    as("alice").baseUri(b).get("/api/v1/tokens?limit=20").then().statusCode(200);
                }
            }
            // A create and a revocation through the training instance: the write path and the broadcast.
            var created = as("alice")
                    .baseUri(b)
                    .body(Map.of("name", "trained", "scopes", List.of("code:read"), "allOrganizations", true))
                    .post("/api/v1/tokens")
                    .then()
                    .statusCode(201)
                    .extract();
            String secret = created.path("token");
            check(b, Pats.bearer(secret), "code:read", 200);
            Pats.bearer(secret).get("/auth/check?scope=code:read").then().statusCode(200);
            as("alice")
                    .baseUri(b)
                    .delete("/api/v1/tokens/" + created.path("id"))
                    .then()
                    .statusCode(204);
            check(b, Pats.bearer(secret), "code:read", 401);
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> Pats.bearer(secret)
                                    .get("/auth/check?scope=code:read")
                                    .statusCode()
                            == 401);
            training.close(Duration.ofMinutes(3)); // the JVM writes the cache as it exits
        }
        assertTrue(
                Files.size(SecondInstance.AOT_CACHE) > 0,
                "the training instance wrote no cache at " + SecondInstance.AOT_CACHE);
        // The image must run this very JDK build for the cache to be used (docker/Dockerfile.jvm).
        System.out.printf(
                "[aot cache] %s, %d MiB, trained on Java %s (%s)%n",
                SecondInstance.AOT_CACHE,
                Files.size(SecondInstance.AOT_CACHE) >> 20,
                System.getProperty("java.runtime.version"),
                System.getProperty("java.home"));
        try (SecondInstance cached = SecondInstance.start(List.of("-XX:AOTMode=on"), Map.of())) {
            check(cached.baseUrl(), Pats.bearer(held.secret()), "code:read", 200);
        }
    }

    static void check(String baseUrl, RequestSpecification presented, String scope, int status) {
        presented
                .baseUri(baseUrl)
                .queryParam("scope", scope)
                .get("/auth/check")
                .then()
                .statusCode(status);
    }
}
