package dev.patrol.edge;

import java.time.Duration;
import java.util.Map;

import dev.patrol.embedded.EmbeddedInfraProcess;
import dev.patrol.support.Management;
import dev.patrol.support.Pats;
import dev.patrol.support.SecondInstance;
import dev.patrol.support.TcpProxy;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import static dev.patrol.support.Api.as;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Instance B (the packaged application) reaches Kafka only through a proxy the test cuts; its
 * PostgreSQL stays reachable. A token B has cached is revoked on A while B is cut: B cannot hear the
 * broadcast, and must stop trusting its cache within PATROL_CACHE_MAX_UNCONFIRMED (3 s here; B's
 * cache TTL is 60 s) and answer from PostgreSQL, so it refuses the token as soon as the read model has
 * the revocation. When the proxy is restored B trusts its cache again.
 */
@QuarkusTest
class CutFromKafkaIT {

    static final Duration LIMIT = Duration.ofSeconds(3);

    @Test
    void aRevocationMadeWhileAnInstanceIsCutFromKafkaIsRefusedThereWithinTheBound() throws Exception {
        int[] cuttable = EmbeddedInfraProcess.cuttableKafka();
        assertNotNull(cuttable, "needs the embedded Kafka (its cuttable listener)");
        try (TcpProxy kafka = new TcpProxy(cuttable[1], cuttable[0]);
                SecondInstance b = SecondInstance.start(Map.of(
                        "KAFKA_BOOTSTRAP_SERVERS",
                        "127.0.0.1:" + cuttable[1],
                        "PATROL_CACHE_MAX_UNCONFIRMED",
                        "PT3S"))) {
            Pats.Pat pat = Pats.create("carol", "code:read");
            assertEquals(200, check(b, pat.secret()), "B validates (and caches) the token");
            assertEquals(1.0, Management.metric(b.managementUrl(), "patrol_edge_cache_trusted"));

            kafka.cut();
            long t0 = System.nanoTime();
            // 204, or 503 when the token's partition is B's: a cut instance holds its partitions of the
            // projector group until its session times out (6 s), so the revocation is written at once but
            // applied only then (by A).
            int revoked = as("carol").delete("/api/v1/tokens/" + pat.id()).statusCode();
            assertTrue(revoked == 204 || revoked == 503, "revocation answered " + revoked);
            long refusedByA = -1;
            long refusedByB = -1;
            while (System.nanoTime() - t0 < Duration.ofSeconds(30).toNanos() && (refusedByA < 0 || refusedByB < 0)) {
                long now = (System.nanoTime() - t0) / 1_000_000;
                if (refusedByA < 0 && checkOnA(pat.secret()) == 401) {
                    refusedByA = now;
                }
                if (refusedByB < 0 && check(b, pat.secret()) == 401) {
                    refusedByB = now;
                }
                Thread.sleep(50);
            }
            System.out.printf(
                    "[cut] revoked while B was cut from Kafka: in the read model (A refuses) after %d ms, B refuses after %d ms%n",
                    refusedByA, refusedByB);
            assertTrue(
                    refusedByA >= 0 && refusedByB >= 0,
                    "not refused within 30 s: A " + refusedByA + ", B " + refusedByB);
            // B's cache stops serving within the bound of its last confirmation (before the cut), and from then on
            // B answers what the read model says; its cache TTL (60 s) plays no part. A second for the polling.
            long allowed = Math.max(refusedByA, LIMIT.toMillis()) + 1000;
            assertTrue(refusedByB <= allowed, "B refused after " + refusedByB + " ms, allowed " + allowed);
            assertEquals(0.0, Management.metric(b.managementUrl(), "patrol_edge_cache_trusted"));

            kafka.restore();
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (Management.metric(b.managementUrl(), "patrol_edge_cache_trusted") != 1.0
                    && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            assertEquals(1.0, Management.metric(b.managementUrl(), "patrol_edge_cache_trusted"), "B trusts again");
            assertEquals(401, check(b, pat.secret()));
        }
    }

    private static int checkOnA(String secret) {
        return given().header("Authorization", "Bearer " + secret)
                .queryParam("scope", "code:read")
                .get("/auth/check")
                .statusCode();
    }

    private static int check(SecondInstance b, String secret) {
        return given().baseUri(b.baseUrl())
                .header("Authorization", "Bearer " + secret)
                .queryParam("scope", "code:read")
                .get("/auth/check")
                .statusCode();
    }
}
