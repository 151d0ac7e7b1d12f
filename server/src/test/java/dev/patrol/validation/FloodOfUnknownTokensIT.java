package dev.patrol.validation;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.inject.Inject;

import dev.patrol.config.PatrolConfig;
import dev.patrol.domain.TokenSecrets;
import dev.patrol.support.Pats;
import dev.patrol.support.SecondInstance;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Load shedding: one client floods instance B with random well-formed tokens (they pass the offline
 * checksum, so each costs a database lookup) while another client presents real tokens B has never
 * seen (each one a lookup too). The flooder is held to its share of lookups and told 429; every real
 * token is answered 200. {@code -Dflood.seconds=30 -Dflood.compare=true} runs it longer, first against an
 * instance without shedding, for the figures in BENCHMARKS.md.
 */
@QuarkusTest
class FloodOfUnknownTokensIT {

    static final int FLOOD_CONNECTIONS = 64;
    static final int REAL_TOKENS_QUIET = 20;
    static final int REAL_TOKENS_FLOODED = 60;
    static final int FLOOD_SECONDS = Integer.getInteger("flood.seconds", 5);

    @Inject
    PatrolConfig config;

    final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void aFloodOfRandomWellFormedTokensDoesNotStarveRealOnes() throws Exception {
        if (Boolean.getBoolean("flood.compare")) {
            // The same flood against an instance whose bounds are out of reach: shedding off.
            flood("without shedding", "100000", "100000", false);
        }
        flood("with shedding", "16", "8", true);
    }

    private void flood(String label, String maxLookups, String maxPerClient, boolean shedding) throws Exception {
        List<Pats.Pat> quiet = new ArrayList<>();
        List<Pats.Pat> flooded = new ArrayList<>();
        for (int i = 0; i < REAL_TOKENS_QUIET + REAL_TOKENS_FLOODED; i++) {
            (i < REAL_TOKENS_QUIET ? quiet : flooded).add(Pats.create("alice", "code:read"));
        }
        try (SecondInstance b = SecondInstance.start(Map.of(
                "PATROL_NETWORK_TRUSTED_PROXIES", "127.0.0.1/32",
                "PATROL_VALIDATION_MAX_LOOKUPS", maxLookups,
                "PATROL_VALIDATION_MAX_LOOKUPS_PER_CLIENT", maxPerClient))) {
            String url = b.baseUrl() + "/auth/check?scope=code:read";
            List<Long> quietMicros = new ArrayList<>();
            for (Pats.Pat pat : quiet) {
                quietMicros.add(present(url, pat.secret(), "10.1.1.1", 200));
            }

            AtomicBoolean stop = new AtomicBoolean();
            Map<Integer, AtomicLong> floodStatuses = new ConcurrentHashMap<>();
            List<Thread> flooders = new ArrayList<>();
            for (int c = 0; c < FLOOD_CONNECTIONS; c++) {
                Thread t = new Thread(() -> {
                    SecureRandom random = new SecureRandom();
                    while (!stop.get()) {
                        String token = TokenSecrets.generate(config.tokens().prefix(), random);
                        int status = send(url, token, "10.6.6.6");
                        floodStatuses
                                .computeIfAbsent(status, s -> new AtomicLong())
                                .incrementAndGet();
                    }
                });
                t.start();
                flooders.add(t);
            }
            long t0 = System.nanoTime();
            Thread.sleep(500); // the flood is at full strength
            List<Long> floodedMicros = new ArrayList<>();
            long pause = Math.max(0, FLOOD_SECONDS * 1000L / REAL_TOKENS_FLOODED - 5);
            for (Pats.Pat pat : flooded) {
                floodedMicros.add(present(url, pat.secret(), "10.1.1.1", 200));
                Thread.sleep(pause);
            }
            stop.set(true);
            for (Thread t : flooders) {
                t.join(10_000);
            }
            double seconds = (System.nanoTime() - t0) / 1e9;

            Map<Integer, Long> statuses = new TreeMap<>();
            floodStatuses.forEach((s, n) -> statuses.put(s, n.get()));
            long total = statuses.values().stream().mapToLong(Long::longValue).sum();
            System.out.printf(
                    "%s: flood of %d requests in %.1f s (%.0f/s) from %d connections, answers %s; real tokens alone: "
                            + "p50 %.2f ms, max %.2f ms; under the flood: p50 %.2f ms, p99 %.2f ms, max %.2f ms, "
                            + "%d of %d answered 200%n",
                    label,
                    total,
                    seconds,
                    total / seconds,
                    FLOOD_CONNECTIONS,
                    statuses,
                    pct(quietMicros, 50),
                    pct(quietMicros, 100),
                    pct(floodedMicros, 50),
                    pct(floodedMicros, 99),
                    pct(floodedMicros, 100),
                    floodedMicros.size(),
                    flooded.size());
            if (shedding) {
                assertTrue(statuses.getOrDefault(429, 0L) > 0, "the flooder was never held back: " + statuses);
            }
            // A random token is never valid: 401, or 429 once the flooder has its share. A lookup the
            // database does not answer within its deadline fails closed with 503 — a stall of this
            // shared machine can cause a few, never more than one in a hundred.
            long unavailable = statuses.getOrDefault(503, 0L);
            assertEquals(
                    total,
                    statuses.getOrDefault(401, 0L) + statuses.getOrDefault(429, 0L) + unavailable,
                    "flood answers other than 401, 429 and 503: " + statuses);
            assertTrue(unavailable * 100 <= total, "the flood was mostly answered 503: " + statuses);
        }
    }

    /** Presents a real token once and insists on {@code expected}; the answer's time in µs. */
    private long present(String url, String token, String client, int expected) {
        long t0 = System.nanoTime();
        int status = send(url, token, client);
        long micros = (System.nanoTime() - t0) / 1000;
        assertEquals(expected, status, "a real token from another client was answered " + status + " during the flood");
        return micros;
    }

    private int send(String url, String token, String client) {
        try {
            return http.send(
                            HttpRequest.newBuilder(URI.create(url))
                                    .header("Authorization", "Bearer " + token)
                                    .header("X-Forwarded-For", client)
                                    .timeout(Duration.ofSeconds(10))
                                    .build(),
                            HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        } catch (Exception e) {
            return -1;
        }
    }

    private static double pct(List<Long> micros, int p) {
        List<Long> sorted = new ArrayList<>(micros);
        Collections.sort(sorted);
        int i = Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1);
        return sorted.get(Math.max(0, i)) / 1000.0;
    }
}
