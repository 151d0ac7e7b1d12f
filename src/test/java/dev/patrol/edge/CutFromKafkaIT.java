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
 * cache TTL is 60 s) and answer from PostgreSQL. When the proxy is restored B trusts its cache again.
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
            as("carol").delete("/api/v1/tokens/" + pat.id()).then().statusCode(204);
            long t0 = System.nanoTime();
            long refusedAfter = -1;
            while (System.nanoTime() - t0 < LIMIT.plusSeconds(3).toNanos()) {
                if (check(b, pat.secret()) == 401) {
                    refusedAfter = (System.nanoTime() - t0) / 1_000_000;
                    break;
                }
                Thread.sleep(50);
            }
            System.out.printf("[cut] B, cut from Kafka, refused the revoked token after %d ms%n", refusedAfter);
            assertTrue(refusedAfter >= 0, "B still accepted the revoked token " + LIMIT.plusSeconds(3) + " after");
            assertTrue(refusedAfter <= LIMIT.plusMillis(1500).toMillis(), "refused only after " + refusedAfter + " ms");
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

    private static int check(SecondInstance b, String secret) {
        return given().baseUri(b.baseUrl())
                .header("Authorization", "Bearer " + secret)
                .queryParam("scope", "code:read")
                .get("/auth/check")
                .statusCode();
    }
}
