package dev.patrol.projection;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.inject.Inject;

import dev.patrol.config.PatrolConfig;
import dev.patrol.support.DevOidc;
import dev.patrol.support.EventLog;
import dev.patrol.support.Management;
import dev.patrol.support.Pats;
import dev.patrol.support.SecondInstance;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Instance A (the application under test) takes a steady stream of creates while instance B (the
 * packaged application, same Kafka and PostgreSQL, sharing the projection) dies. Commands whose
 * token hashes to B's partitions cannot be confirmed until Kafka gives those partitions to A: that
 * window must close within {@link #BOUND}, no command may wait longer, and a graceful stop must cost
 * no command at all. Every acknowledged create is in the read model exactly once.
 */
@QuarkusTest
class InstanceFailoverIT {

    static final Duration BOUND = Duration.ofSeconds(10);
    static final int CLIENTS = 4;
    /** The stop as the image does it: readiness DOWN for 5 s while B still serves, then B leaves. */
    static final Map<String, String> IMAGE_SHUTDOWN_DELAY = Map.of("QUARKUS_SHUTDOWN_DELAY", "5S");

    @Inject
    PatrolConfig config;

    @Inject
    Pool pool;

    final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** One create: when it was sent and answered (ms since the load started), and how. */
    record Outcome(long sentMs, long answeredMs, int status, UUID tokenId) {}

    /** What the load saw around one stop of instance B. */
    record Stop(List<Outcome> outcomes, long stoppedMs) {}

    interface StopAction {
        void stop(SecondInstance b) throws Exception;
    }

    /**
     * Starts B, waits until it projects, loads A for 2 s, stops B, keeps loading for {@code observe}.
     * Whatever the stop, A stays ready, keeps accepting a PAT, and every acknowledged create is
     * stored exactly once.
     */
    private Stop stopUnderLoad(StopAction action, Duration observe, Map<String, String> environment) throws Exception {
        SecondInstance b = SecondInstance.start(environment);
        try {
            EventLog.awaitGroupMembers(config.projection().groupId(), 2);
            Load load = new Load();
            Thread.sleep(2000);
            long stoppedMs = load.elapsedMs();
            action.stop(b);
            Thread.sleep(observe.toMillis());
            List<Outcome> outcomes = load.stop();
            assertEveryAcknowledgedCreateIsStoredOnce(outcomes);
            assertEquals(List.of(), load.surroundingFailures, "readiness or /auth/check of A failed meanwhile");
            return new Stop(outcomes, stoppedMs);
        } finally {
            b.kill(); // no-op unless a step above failed before B was stopped
        }
    }

    private static long slowest(List<Outcome> outcomes) {
        return outcomes.stream().mapToLong(o -> o.answeredMs - o.sentMs).max().orElseThrow();
    }

    @Test
    void commandsSucceedAgainWithinTenSecondsAfterAnInstanceIsKilled() throws Exception {
        Stop run = stopUnderLoad(SecondInstance::kill, BOUND.plusSeconds(5), Map.of());
        long killedMs = run.stoppedMs();
        List<Outcome> outcomes = run.outcomes();

        long slowest = slowest(outcomes);
        List<Outcome> late = outcomes.stream()
                .filter(o -> o.answeredMs > killedMs + BOUND.toMillis() && o.status != 201)
                .toList();
        long failed = outcomes.stream().filter(o -> o.status != 201).count();
        long lastFailureMs = outcomes.stream()
                .filter(o -> o.status != 201)
                .mapToLong(o -> o.answeredMs - killedMs)
                .max()
                .orElse(0);
        System.out.printf(
                "[failover] kill -9: %d creates, %d not 201, last failure %d ms after the kill, slowest %d ms%n",
                outcomes.size(), failed, lastFailureMs, slowest);
        assertEquals(List.of(), late, "creates still failing " + BOUND + " after the kill");
        assertTrue(slowest <= BOUND.toMillis(), "a create waited " + slowest + " ms");
        assertTrue(
                outcomes.stream()
                                .filter(o -> o.answeredMs > killedMs + BOUND.toMillis())
                                .count()
                        > 10,
                "load kept running after the window");
    }

    @Test
    void aGracefulStopCostsNoCommand() throws Exception {
        // SIGTERM: B leaves the group as it stops, its partitions move at once
        List<Outcome> outcomes = stopUnderLoad(SecondInstance::close, Duration.ofSeconds(5), IMAGE_SHUTDOWN_DELAY)
                .outcomes();

        List<Outcome> failed = outcomes.stream().filter(o -> o.status != 201).toList();
        System.out.printf(
                "[failover] graceful stop: %d creates, %d not 201, slowest %d ms%n",
                outcomes.size(), failed.size(), slowest(outcomes));
        assertEquals(List.of(), failed);
    }

    private void assertEveryAcknowledgedCreateIsStoredOnce(List<Outcome> outcomes) {
        List<UUID> acknowledged = outcomes.stream()
                .filter(o -> o.status == 201)
                .map(Outcome::tokenId)
                .toList();
        assertEquals(acknowledged.size(), Set.copyOf(acknowledged).size(), "a token id answered twice");
        var rows = pool.preparedQuery("SELECT count(*), count(DISTINCT t.token_id), min(t.version), max(t.version),"
                        + " (SELECT count(*) FROM rm_token_event e WHERE e.token_id = ANY($1))"
                        + " FROM rm_token t WHERE t.token_id = ANY($1)")
                .execute(Tuple.of(acknowledged.toArray(UUID[]::new)))
                .await()
                .atMost(Duration.ofSeconds(10))
                .iterator()
                .next();
        assertEquals(acknowledged.size(), rows.getLong(0), "acknowledged tokens in rm_token");
        assertEquals(acknowledged.size(), rows.getLong(1));
        assertEquals(1, rows.getLong(2), "every token at version 1");
        assertEquals(1, rows.getLong(3));
        assertEquals(acknowledged.size(), rows.getLong(4), "one applied event per token");
    }

    /**
     * {@link #CLIENTS} clients sending creates to instance A back to back, and one watcher checking
     * every 100 ms that A stays ready and keeps accepting a PAT created before the load.
     */
    final class Load {
        final List<String> surroundingFailures = java.util.Collections.synchronizedList(new ArrayList<>());
        final long startNanos = System.nanoTime();
        final ConcurrentLinkedQueue<Outcome> outcomes = new ConcurrentLinkedQueue<>();
        final List<Thread> clients = new ArrayList<>();
        volatile boolean running = true;

        Load() {
            String bearer = DevOidc.accessToken("alice");
            URI uri = URI.create(ConfigProvider.getConfig().getValue("test.url", String.class) + "/api/v1/tokens");
            Pattern id = Pattern.compile("\"id\":\"([^\"]+)\"");
            String base = ConfigProvider.getConfig().getValue("test.url", String.class);
            String pat = Pats.create("alice", "code:read").secret();
            Thread watcher = new Thread(() -> {
                while (running) {
                    int ready = status(HttpRequest.newBuilder(URI.create(Management.url() + "/q/health/ready")));
                    int check = status(HttpRequest.newBuilder(URI.create(base + "/auth/check?scope=code:read"))
                            .header("Authorization", "Bearer " + pat));
                    if (ready != 200 || check != 200) {
                        surroundingFailures.add(elapsedMs() + " ms: ready " + ready + ", /auth/check " + check);
                    }
                    try {
                        Thread.sleep(100);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            watcher.start();
            clients.add(watcher);
            for (int i = 0; i < CLIENTS; i++) {
                Thread t = new Thread(() -> {
                    while (running) {
                        long sent = elapsedMs();
                        int status;
                        UUID tokenId = null;
                        try {
                            HttpResponse<String> r = http.send(
                                    HttpRequest.newBuilder(uri)
                                            .timeout(Duration.ofSeconds(30))
                                            .header("Authorization", "Bearer " + bearer)
                                            .header("Content-Type", "application/json")
                                            .POST(HttpRequest.BodyPublishers.ofString(
                                                    "{\"name\":\"failover\",\"scopes\":[\"code:read\"],"
                                                            + "\"allOrganizations\":true,\"lifetimeDays\":1}"))
                                            .build(),
                                    HttpResponse.BodyHandlers.ofString());
                            status = r.statusCode();
                            Matcher m = id.matcher(r.body());
                            if (status == 201 && m.find()) {
                                tokenId = UUID.fromString(m.group(1));
                            }
                        } catch (Exception e) {
                            status = -1;
                        }
                        outcomes.add(new Outcome(sent, elapsedMs(), status, tokenId));
                    }
                });
                t.start();
                clients.add(t);
            }
        }

        int status(HttpRequest.Builder request) {
            try {
                return http.send(
                                request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.discarding())
                        .statusCode();
            } catch (Exception e) {
                return -1;
            }
        }

        long elapsedMs() {
            return (System.nanoTime() - startNanos) / 1_000_000;
        }

        List<Outcome> stop() throws InterruptedException {
            running = false;
            for (Thread t : clients) {
                t.join(60_000);
            }
            return List.copyOf(outcomes);
        }
    }
}
