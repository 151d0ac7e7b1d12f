package dev.patrol.lifecycle;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import dev.patrol.embedded.EmbeddedInfraProcess;
import dev.patrol.support.DevOidc;
import dev.patrol.support.SecondInstance;
import dev.patrol.support.TcpProxy;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * A dependency of instance B (the packaged application) stops answering without closing anything
 * (a frozen host, a black-holed network: its proxy forwards no byte more, as SIGSTOP would make
 * it). No request hangs: the calls that need it answer 503 problem+json with Retry-After within
 * seconds, readiness answers DOWN within 1 s, and B recovers once the dependency answers again.
 */
@QuarkusTest
class HungDependenciesIT {

    /** What a request that needs the hung dependency may take before its 503. */
    static final long REQUEST_DEADLINE_MS = 6_000;
    /** A Kubernetes probe with a 1 s timeout must see an answer. */
    static final long READINESS_DEADLINE_MS = 1_000;

    final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    record Answer(String what, int status, long millis, String type, String retryAfter) {
        @Override
        public String toString() {
            return what + " " + status + " in " + millis + " ms (" + type + ", Retry-After " + retryAfter + ")";
        }
    }

    @Test
    void aHungPostgresHangsNoRequestAndReadinessSaysSoWithinASecond() throws Exception {
        try (SecondInstance b = SecondInstance.start()) {
            Map<String, HttpRequest.Builder> calls = calls(b);
            assertAll(b, calls, 200, 201, 200);
            b.database().hang();
            try {
                List<Answer> during = callAll(calls, b);
                List<String> wrong = new ArrayList<>();
                for (Answer a : during) {
                    boolean ready = a.what().equals("ready");
                    boolean ok = a.status() == 503
                            && a.millis() < (ready ? READINESS_DEADLINE_MS : REQUEST_DEADLINE_MS)
                            && (ready || (a.type().startsWith("application/problem+json") && a.retryAfter() != null));
                    if (!ok) {
                        wrong.add(a.toString());
                    }
                }
                assertEquals(List.of(), wrong, "answers while PostgreSQL hangs: " + during);
            } finally {
                b.database().restore();
            }
            recovers(b, calls);
        }
    }

    @Test
    void aHungKafkaStopsOnlyWritesWithinTheirDeadlineAndReadinessSaysSoWithinASecond() throws Exception {
        int[] cuttable = EmbeddedInfraProcess.cuttableKafka();
        assertNotNull(cuttable, "needs the embedded Kafka (its cuttable listener)");
        try (TcpProxy kafka = new TcpProxy(cuttable[1], cuttable[0]);
                SecondInstance b =
                        SecondInstance.start(Map.of("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:" + cuttable[1]))) {
            Map<String, HttpRequest.Builder> calls = calls(b);
            assertAll(b, calls, 200, 201, 200);
            kafka.hang();
            try {
                List<String> wrong = new ArrayList<>();
                List<Answer> during = callAll(calls, b);
                for (Answer a : during) {
                    boolean ok = switch (a.what()) {
                        case "create" -> a.status() == 503 && a.millis() < REQUEST_DEADLINE_MS;
                        case "ready" -> a.status() == 503 && a.millis() < READINESS_DEADLINE_MS;
                        default -> a.status() == 200 && a.millis() < REQUEST_DEADLINE_MS; // reads need no Kafka
                    };
                    if (!ok) {
                        wrong.add(a.toString());
                    }
                }
                assertEquals(List.of(), wrong, "answers while Kafka hangs: " + during);
            } finally {
                kafka.restore();
            }
            recovers(b, calls);
        }
    }

    /** Create, list, the administrators' list, the audit and readiness, as alice (an administrator). */
    private static Map<String, HttpRequest.Builder> calls(SecondInstance b) {
        String bearer = "Bearer " + DevOidc.accessToken("alice");
        return Map.of(
                "create",
                HttpRequest.newBuilder(URI.create(b.baseUrl() + "/api/v1/tokens"))
                        .header("Authorization", bearer)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"hung\",\"scopes\":[\"code:read\"],"
                                + "\"allOrganizations\":true,\"lifetimeDays\":1}")),
                "list",
                HttpRequest.newBuilder(URI.create(b.baseUrl() + "/api/v1/tokens"))
                        .header("Authorization", bearer),
                "admin list",
                HttpRequest.newBuilder(URI.create(b.baseUrl() + "/api/v1/admin/tokens"))
                        .header("Authorization", bearer),
                "audit",
                HttpRequest.newBuilder(URI.create(b.baseUrl() + "/api/v1/admin/audit"))
                        .header("Authorization", bearer),
                "ready",
                HttpRequest.newBuilder(URI.create(b.managementUrl() + "/q/health/ready")));
    }

    /** Every call at once (as clients keep calling), each timed. */
    private List<Answer> callAll(Map<String, HttpRequest.Builder> calls, SecondInstance b) {
        List<CompletableFuture<Answer>> answers = new ArrayList<>();
        calls.forEach((what, request) -> answers.add(CompletableFuture.supplyAsync(() -> call(what, request))));
        return answers.stream().map(CompletableFuture::join).toList();
    }

    private Answer call(String what, HttpRequest.Builder request) {
        long t0 = System.nanoTime();
        try {
            HttpResponse<String> r = http.send(
                    request.copy().timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(
                    what,
                    r.statusCode(),
                    (System.nanoTime() - t0) / 1_000_000,
                    r.headers().firstValue("Content-Type").orElse(""),
                    r.headers().firstValue("Retry-After").orElse(null));
        } catch (Exception e) {
            return new Answer(
                    what, -1, (System.nanoTime() - t0) / 1_000_000, e.getClass().getSimpleName(), null);
        }
    }

    private void assertAll(SecondInstance b, Map<String, HttpRequest.Builder> calls, int read, int create, int ready) {
        List<Answer> answers = callAll(calls, b);
        for (Answer a : answers) {
            int expected = a.what().equals("create") ? create : a.what().equals("ready") ? ready : read;
            assertEquals(expected, a.status(), answers.toString());
        }
    }

    /** Without a restart, within 20 s of the dependency answering again, every call succeeds. */
    private void recovers(SecondInstance b, Map<String, HttpRequest.Builder> calls) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        List<Answer> last = List.of();
        while (System.nanoTime() < deadline) {
            last = callAll(calls, b);
            if (last.stream().allMatch(a -> a.status() == (a.what().equals("create") ? 201 : 200))) {
                return;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("not recovered 20 s after the dependency answered again: " + last);
    }
}
