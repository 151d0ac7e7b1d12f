package dev.patrol.lifecycle;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;

import jakarta.inject.Inject;

import dev.patrol.config.PatrolConfig;
import dev.patrol.support.DevOidc;
import dev.patrol.support.EventLog;
import dev.patrol.support.SecondInstance;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import static dev.patrol.support.Api.as;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code kill -9} of an instance in the middle of a stream of concurrent commands, again and again:
 * instance B (the packaged application) takes creates, renames and revocations from several clients
 * and is killed at a random moment, then started again. Every command B acknowledged is in the read
 * model exactly once, no token's version sequence has a gap, and a rebuild gives identical rows.
 * {@code -Dcrash.cycles=N} changes the number of cycles (default 10; the build runs ten, a longer soak
 * is one flag away).
 */
@QuarkusTest
class CrashCyclesIT {

    static final int CYCLES = Integer.getInteger("crash.cycles", 10);
    static final String[] CLIENTS = {"alice", "bob", "alice", "bob"};

    @Inject
    Pool pool;

    @Inject
    PatrolConfig config;

    final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    enum Kind {
        CREATE,
        RENAME,
        REVOKE
    }

    /** A command B answered with success. */
    record Ack(Kind kind, UUID tokenId, long version) {}

    volatile String target;
    volatile boolean running = true;

    @Test
    void everyAcknowledgedCommandSurvivesRepeatedKillsExactlyOnce() throws Exception {
        ConcurrentLinkedQueue<Ack> acks = new ConcurrentLinkedQueue<>();
        long[] unanswered = new long[CLIENTS.length];
        List<Thread> clients = new ArrayList<>();
        for (int c = 0; c < CLIENTS.length; c++) {
            int client = c;
            Thread t = new Thread(() -> unanswered[client] = commands(CLIENTS[client], client, acks));
            clients.add(t);
        }
        Random random = new Random(7);
        long killedAfterAcks = 0;
        try {
            for (int cycle = 0; cycle < CYCLES; cycle++) {
                SecondInstance b = SecondInstance.start();
                try {
                    target = b.baseUrl();
                    if (cycle == 0) {
                        clients.forEach(Thread::start);
                    }
                    int before = acks.size();
                    // Kill once commands are flowing, at a random moment after that.
                    Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> acks.size() > before + 3);
                    Thread.sleep(random.nextInt(1500));
                    killedAfterAcks += acks.size() - before;
                } finally {
                    b.kill();
                }
            }
        } finally {
            running = false;
            for (Thread t : clients) {
                t.join(30_000);
            }
        }
        List<Ack> all = List.copyOf(acks);
        long creates = all.stream().filter(a -> a.kind() == Kind.CREATE).count();
        long renames = all.stream().filter(a -> a.kind() == Kind.RENAME).count();
        long revokes = all.stream().filter(a -> a.kind() == Kind.REVOKE).count();
        long lost = 0;
        for (Ack a : all) {
            if (!inReadModel(a)) {
                lost++;
            }
        }
        UUID[] touched = all.stream().map(Ack::tokenId).distinct().toArray(UUID[]::new);
        // Versions 1..n, each once, and the token row at n: nothing doubled, nothing skipped.
        long gaps = pool.preparedQuery("SELECT count(*) FROM (SELECT e.token_id FROM rm_token_event e "
                        + "JOIN rm_token t ON t.token_id = e.token_id WHERE e.token_id = ANY($1) "
                        + "GROUP BY e.token_id, t.version HAVING count(*) <> max(e.version) OR min(e.version) <> 1 "
                        + "OR max(e.version) <> t.version) g")
                .execute(Tuple.of(touched))
                .await()
                .indefinitely()
                .iterator()
                .next()
                .getLong(0);
        System.out.printf(
                "[crash] %d kill -9 cycles, %d clients: %d commands acknowledged (%d creates, %d renames, %d revocations),"
                        + " %d sent without a success answer (cut by a kill or refused meanwhile); lost %d, version gaps or"
                        + " doubles %d%n",
                CYCLES,
                CLIENTS.length,
                all.size(),
                creates,
                renames,
                revokes,
                java.util.Arrays.stream(unanswered).sum(),
                lost,
                gaps);
        assertTrue(killedAfterAcks >= CYCLES * 4L, "commands were not flowing at the kills");
        assertEquals(0, lost, "acknowledged commands missing from the read model");
        assertEquals(0, gaps, "tokens whose version sequence has a gap or a double");

        // Whatever the kills left in flight is folded by now; then a replay must agree with the live model.
        String topic = config.topics().events().name();
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> EventLog.endOffsetSum(topic) == folded(topic));
        List<List<String>> before = ReplayDeterminismTest.snapshot(pool);
        as("alice").post("/api/v1/admin/read-model/rebuild").then().statusCode(200);
        assertEquals(before, ReplayDeterminismTest.snapshot(pool), "the rebuilt read model differs");
    }

    /**
     * One client's stream of commands against whichever B is up; returns how many were sent and got
     * no success answer (cut by a kill, or refused while partitions moved).
     */
    private long commands(String user, int seed, ConcurrentLinkedQueue<Ack> acks) {
        Random random = new Random(seed);
        List<UUID> mine = new ArrayList<>();
        String bearer = DevOidc.accessToken(user);
        long bearerAt = System.nanoTime();
        long failed = 0;
        long renames = 0; // every new name differs from the last: a rename always makes an event
        while (running) {
            if (System.nanoTime() - bearerAt > Duration.ofMinutes(1).toNanos()) {
                bearer = DevOidc.accessToken(user); // dev tokens live for minutes
                bearerAt = System.nanoTime();
            }
            double r = random.nextDouble();
            Kind kind = mine.isEmpty() || r < 0.35 ? Kind.CREATE : r < 0.85 ? Kind.RENAME : Kind.REVOKE;
            UUID id = kind == Kind.CREATE ? null : mine.get(random.nextInt(mine.size()));
            HttpRequest.Builder request = HttpRequest.newBuilder()
                    .timeout(Duration.ofSeconds(20))
                    .header("Authorization", "Bearer " + bearer)
                    .header("Content-Type", "application/json");
            String base = target + "/api/v1/tokens";
            request = switch (kind) {
                case CREATE ->
                    request.uri(URI.create(base))
                            .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"crash\",\"scopes\":[\"code:read\"],"
                                    + "\"allOrganizations\":true,\"lifetimeDays\":1}"));
                case RENAME ->
                    request.uri(URI.create(base + "/" + id))
                            .method(
                                    "PATCH",
                                    HttpRequest.BodyPublishers.ofString(
                                            "{\"name\":\"crash-" + seed + "-" + (++renames) + "\"}"));
                case REVOKE -> request.uri(URI.create(base + "/" + id)).DELETE();
            };
            try {
                HttpResponse<String> answer = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
                int status = answer.statusCode();
                if (status == 201 || status == 200) {
                    JsonObject body = new JsonObject(answer.body());
                    UUID tokenId = UUID.fromString(body.getString("id"));
                    acks.add(new Ack(kind, tokenId, body.getLong("version")));
                    if (kind == Kind.CREATE) {
                        mine.add(tokenId);
                    }
                } else if (status == 204) {
                    acks.add(new Ack(kind, id, 0));
                    mine.remove(id);
                } else {
                    failed++;
                    if (status == 409 && kind != Kind.CREATE) {
                        mine.remove(id); // e.g. revoked by a command in flight at a kill that was applied after all
                    }
                }
            } catch (java.net.ConnectException e) {
                sleep(50); // B is down or starting: nothing was sent
            } catch (Exception e) {
                failed++; // in flight at a kill: the client cannot know whether it happened
            }
        }
        return failed;
    }

    private boolean inReadModel(Ack a) {
        String sql = switch (a.kind()) {
            case CREATE ->
                "SELECT count(*) FROM rm_token_event WHERE token_id = $1 AND version = $2 AND type LIKE '%issued%'";
            case RENAME ->
                "SELECT count(*) FROM rm_token_event WHERE token_id = $1 AND version = $2 AND type LIKE '%renamed%'";
            case REVOKE ->
                "SELECT count(*) FROM rm_token_event WHERE token_id = $1 AND $2 = 0 AND type LIKE '%revoked%'";
        };
        long n = pool.preparedQuery(sql)
                .execute(Tuple.of(a.tokenId(), a.version()))
                .await()
                .indefinitely()
                .iterator()
                .next()
                .getLong(0);
        return n == 1;
    }

    private long folded(String topic) {
        return pool.preparedQuery("SELECT coalesce(sum(next_offset), 0) FROM rm_checkpoint WHERE topic = $1")
                .execute(Tuple.of(topic))
                .await()
                .indefinitely()
                .iterator()
                .next()
                .getLong(0);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
