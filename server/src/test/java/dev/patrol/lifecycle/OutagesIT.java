package dev.patrol.lifecycle;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import jakarta.inject.Inject;

import dev.patrol.config.PatrolConfig;
import dev.patrol.embedded.EmbeddedInfraProcess;
import dev.patrol.support.DevOidc;
import dev.patrol.support.HttpStatus;
import dev.patrol.support.Pats;
import dev.patrol.support.SecondInstance;
import dev.patrol.support.TcpProxy;
import io.quarkus.test.junit.QuarkusTest;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.common.TopicPartition;
import org.awaitility.Awaitility;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import static dev.patrol.support.Api.as;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A dependency of instance B (the packaged application) goes away for {@value #OUTAGE_SECONDS} s
 * while clients keep calling it, and comes back. B's PostgreSQL, and its Kafka, run behind proxies
 * that drop every connection and refuse new ones (to B, a stopped server); the test application
 * (instance A) keeps both, so it can revoke tokens meanwhile. Every answer comes within the
 * deadline, no revoked token is answered 200, and B recovers without a restart.
 */
@QuarkusTest
class OutagesIT {

    static final int OUTAGE_SECONDS = Integer.getInteger("outage.seconds", 12);
    /** Longest any answer may take during an outage: a hung dependency must not hang a request. */
    static final long DEADLINE_MS = 8_000;
    /** How soon after the dependency is back everything must work again, without a restart. */
    static final long RECOVERY_MS = 20_000;

    @Inject
    PatrolConfig config;

    final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /** Every answer B gave during the outage, by what was asked and its status. */
    final Map<String, Integer> seen = new TreeMap<>();

    long slowestMs;

    @Test
    void postgresStoppedUnderLoadStopsWritesAndUncachedLookupsOnlyAndRecovers() throws Exception {
        Set<String> aMembers = projectorMembers().keySet();
        try (SecondInstance b = SecondInstance.start()) {
            // The hard case: the revocation during the outage is B's to project, and B cannot write it.
            Tokens t = tokensCachedOn(b, bPartitions(aMembers));
            b.database().cut();
            Revocation revocation = outage(b, t, 503, 503);
            b.database().restore();
            recovers(b, t, revocation);
        }
    }

    @Test
    void kafkaStoppedUnderLoadStopsWritesOnlyAndRecoversWithoutLosingAnInvalidation() throws Exception {
        int[] cuttable = EmbeddedInfraProcess.cuttableKafka();
        assertNotNull(cuttable, "needs the embedded Kafka (its cuttable listener)");
        try (TcpProxy kafka = new TcpProxy(cuttable[1], cuttable[0]);
                SecondInstance b =
                        SecondInstance.start(Map.of("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:" + cuttable[1]))) {
            Tokens t = tokensCachedOn(b, null);
            kafka.cut();
            // The cached token is answered from the cache at first; once B cannot confirm it hears the
            // broadcast, from PostgreSQL.
            Revocation revocation = outage(b, t, 503, 200);
            kafka.restore();
            recovers(b, t, revocation);
        }
    }

    record Tokens(Pats.Pat cached, Pats.Pat uncached, Pats.Pat revokedBefore, Pats.Pat revokedDuring) {}

    /** When A answered the revocation made during the outage (ms after it began), or -1 if it did not confirm it. */
    record Revocation(long confirmedMs) {}

    /** @param partitions where the token revoked during the outage must be projected (null: anywhere) */
    private Tokens tokensCachedOn(SecondInstance b, Set<Integer> partitions) throws Exception {
        Pats.Pat revokedDuring = Pats.create("carol", "code:read");
        while (partitions != null && !partitions.contains(partitionOf(revokedDuring.id()))) {
            revokedDuring = Pats.create("carol", "code:read");
        }
        Tokens t = new Tokens(
                Pats.create("carol", "code:read"),
                Pats.create("carol", "code:read"),
                Pats.create("carol", "code:read"),
                revokedDuring);
        assertEquals(200, check(b, t.cached().secret()));
        assertEquals(200, check(b, t.revokedBefore().secret()));
        assertEquals(200, check(b, t.revokedDuring().secret()));
        as("carol").delete("/api/v1/tokens/" + t.revokedBefore().id()).then().statusCode(204);
        Awaitility.await()
                .atMost(Duration.ofSeconds(5))
                .until(() -> check(b, t.revokedBefore().secret()) == 401);
        return t;
    }

    /**
     * Calls B for the length of the outage: one client creating tokens back to back, another asking
     * every 200 ms for the cached and the uncached token and the token revoked before; after 5 s, A
     * revokes a token B has cached. Nothing may answer 200 for a revoked token (for the one revoked
     * during the outage: from 1 s after A confirmed it), nothing may take longer than {@link #DEADLINE_MS}.
     */
    private Revocation outage(SecondInstance b, Tokens t, int expectedWrite, int expectedUncached) throws Exception {
        String bearer = DevOidc.accessToken("carol");
        long t0 = System.nanoTime();
        long confirmedMs = -1;
        boolean revoked = false;
        List<String> wrongly = java.util.Collections.synchronizedList(new ArrayList<>());
        Thread writer = new Thread(() -> {
            while (elapsedMs(t0) < OUTAGE_SECONDS * 1000L) {
                int write = timed(
                        "create",
                        HttpRequest.newBuilder(URI.create(b.baseUrl() + "/api/v1/tokens"))
                                .header("Authorization", "Bearer " + bearer)
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"outage\",\"scopes\":"
                                        + "[\"code:read\"],\"allOrganizations\":true,\"lifetimeDays\":1}")));
                if (write != expectedWrite) {
                    wrongly.add(elapsedMs(t0) / 1000 + " s: a create answered " + write);
                }
            }
        });
        writer.start();
        while (elapsedMs(t0) < OUTAGE_SECONDS * 1000L) {
            long second = elapsedMs(t0) / 1000;
            int cached = timedCheck("cached", b, t.cached().secret());
            int uncached = timedCheck("uncached", b, t.uncached().secret());
            if (cached != 200 || uncached != expectedUncached) {
                wrongly.add(second + " s: the cached token answered " + cached + ", the uncached " + uncached);
            }
            if (timedCheck("revoked before", b, t.revokedBefore().secret()) == 200) {
                wrongly.add(second + " s: the token revoked before the outage");
            }
            long sent = elapsedMs(t0);
            if (timedCheck("revoked during", b, t.revokedDuring().secret()) == 200
                    && confirmedMs >= 0
                    && sent > confirmedMs + 1000) {
                wrongly.add(second + " s: the token revoked during the outage, confirmed at " + confirmedMs + " ms");
            }
            if (!revoked && second >= 5) {
                revoked = true;
                // 503 when B projects the token's partition: then the revocation is applied once B is back.
                int status = as("carol")
                        .delete("/api/v1/tokens/" + t.revokedDuring().id())
                        .statusCode();
                assertTrue(status == 204 || status == 503, "revocation during the outage answered " + status);
                confirmedMs = status == 204 ? elapsedMs(t0) : -1;
            }
            Thread.sleep(200);
        }
        writer.join(DEADLINE_MS + 15_000);
        System.out.printf(
                "[outage] %d s: B answered %s; slowest %d ms; revocation during it confirmed at %d ms%n",
                OUTAGE_SECONDS, seen, slowestMs, confirmedMs);
        assertEquals(List.of(), wrongly);
        assertTrue(slowestMs < DEADLINE_MS, "an answer took " + slowestMs + " ms");
        return new Revocation(confirmedMs);
    }

    /** Without a restart: writes, lookups and the revocation made meanwhile all take effect on B. */
    private void recovers(SecondInstance b, Tokens t, Revocation revocation) {
        long t0 = System.nanoTime();
        String bearer = DevOidc.accessToken("carol");
        String last = "";
        while (elapsedMs(t0) < RECOVERY_MS) {
            int write = status(HttpRequest.newBuilder(URI.create(b.baseUrl() + "/api/v1/tokens"))
                    .header("Authorization", "Bearer " + bearer)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"after\",\"scopes\":[\"code:read\"],"
                            + "\"allOrganizations\":true,\"lifetimeDays\":1}")));
            int uncached = check(b, t.uncached().secret());
            int revokedDuring = check(b, t.revokedDuring().secret());
            int ready = status(HttpRequest.newBuilder(URI.create(b.managementUrl() + "/q/health/ready")));
            last = "create " + write + ", uncached " + uncached + ", revoked during the outage " + revokedDuring
                    + ", ready " + ready;
            if (write == 201 && uncached == 200 && revokedDuring == 401 && ready == 200) {
                break;
            }
            sleep(250);
        }
        assertEquals(
                "create 201, uncached 200, revoked during the outage 401, ready 200",
                last,
                "not recovered " + RECOVERY_MS + " ms after the dependency came back");
        System.out.printf(
                "[outage] recovered %d ms after the dependency came back (revocation during it %s)%n",
                elapsedMs(t0), revocation.confirmedMs() >= 0 ? "confirmed then" : "applied after");
        assertEquals(401, check(b, t.revokedBefore().secret()));
        assertEquals(200, check(b, t.cached().secret()));
    }

    private int partitionOf(String tokenId) {
        // The producer's default partitioner for a keyed record.
        return org.apache.kafka.common.utils.Utils.toPositive(org.apache.kafka.common.utils.Utils.murmur2(
                        tokenId.getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                % config.topics().events().partitions();
    }

    /** Members of the projection group and the partitions each holds. */
    private Map<String, Set<Integer>> projectorMembers() throws Exception {
        try (Admin admin = Admin.create(Map.of(
                "bootstrap.servers", ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class)))) {
            ConsumerGroupDescription group = admin.describeConsumerGroups(
                            List.of(config.projection().groupId()))
                    .all()
                    .get(10, TimeUnit.SECONDS)
                    .get(config.projection().groupId());
            Map<String, Set<Integer>> members = new TreeMap<>();
            for (MemberDescription m : group.members()) {
                members.put(
                        m.consumerId(),
                        m.assignment().topicPartitions().stream()
                                .map(TopicPartition::partition)
                                .collect(Collectors.toSet()));
            }
            return members;
        }
    }

    /** Once B has joined the projection group with partitions of its own: those. */
    private Set<Integer> bPartitions(Set<String> aMembers) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            for (var m : projectorMembers().entrySet()) {
                if (!aMembers.contains(m.getKey()) && !m.getValue().isEmpty()) {
                    return m.getValue();
                }
            }
            sleep(200);
        }
        throw new AssertionError("B never got partitions to project");
    }

    private int timedCheck(String what, SecondInstance b, String secret) {
        return timed(what, checkRequest(b, secret));
    }

    private int timed(String what, HttpRequest.Builder request) {
        long t0 = System.nanoTime();
        int status = status(request);
        synchronized (seen) {
            slowestMs = Math.max(slowestMs, elapsedMs(t0));
            seen.merge(what + " " + status, 1, Integer::sum);
        }
        return status;
    }

    private int check(SecondInstance b, String secret) {
        return status(checkRequest(b, secret));
    }

    private static HttpRequest.Builder checkRequest(SecondInstance b, String secret) {
        return HttpRequest.newBuilder(URI.create(b.baseUrl() + "/auth/check?scope=code:read"))
                .header("Authorization", "Bearer " + secret);
    }

    private int status(HttpRequest.Builder request) {
        return HttpStatus.of(http, request);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static long elapsedMs(long t0) {
        return (System.nanoTime() - t0) / 1_000_000;
    }
}
