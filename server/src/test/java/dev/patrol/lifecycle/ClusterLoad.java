package dev.patrol.lifecycle;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.patrol.support.SecondInstance;
import example.revocations.RevokedTokenSessions;

/**
 * What a busy deployment asks of two Patrol instances while its Kafka cluster is in trouble: on each
 * instance a client creating tokens back to back and a client checking tokens both instances have
 * cached; a client checking every new token on the instance that did not create it (a lookup in
 * PostgreSQL there); and every {@value #REVOKE_EVERY_MS} ms a revocation, alternately on each,
 * watched on both until each refuses the token. Records every answer and how long it took.
 */
final class ClusterLoad implements AutoCloseable {

    static final long REVOKE_EVERY_MS = 250;
    /** The chart's readiness probe: Kubernetes takes a pod out of its Service after this. */
    static final ReadinessProbe READINESS_PROBE = ReadinessProbe.ofChart();
    /** The kubelet's default timeoutSeconds (the chart sets none): a slower answer is a failed probe. */
    static final long KUBELET_TIMEOUT_MS = 1_000;

    static final long BROADCAST_BOUND_MS = 45_000;
    /** A client's own patience: an answer slower than this counts as a hang (-1). */
    static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(20);

    private static final Pattern TOKEN_ID = Pattern.compile("\"id\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern SECRET = Pattern.compile("\"token\"\\s*:\\s*\"([^\"]+)\"");

    record Created(String id, String secret, int instance) {}

    private final List<SecondInstance> instances;
    private final String bearer;
    private final List<String> cached;
    private final Queue<String> toRevoke;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final List<Thread> threads = new CopyOnWriteArrayList<>();
    private final long t0 = System.nanoTime();
    private volatile boolean running = true;

    /** Answers by what was asked and its status, e.g. "create 201". */
    final Map<String, AtomicInteger> answers = Collections.synchronizedMap(new TreeMap<>());
    /** What should not have happened, with when (s after the start). */
    final List<String> wrong = new CopyOnWriteArrayList<>();

    final List<Long> createMillis = new CopyOnWriteArrayList<>();
    final List<Created> created = new CopyOnWriteArrayList<>();
    /** Time from a revocation's 204 until both instances refused the token. */
    final List<Long> propagationMillis = new CopyOnWriteArrayList<>();
    /** Time from a revocation's 204 until a resource server following the broadcast heard it. */
    final List<Long> broadcastMillis = new CopyOnWriteArrayList<>();
    /** Every create: {ms after the start when it was sent, how long it took, its status}. */
    final List<long[]> creates = new CopyOnWriteArrayList<>();

    private final RevokedTokenSessions<?> broadcast;
    /** Slowest readiness answer, and how long each instance did not trust its cache (sampled every second). */
    volatile long slowestReadinessMs;

    final Map<Integer, Long> untrustedMs = new java.util.concurrent.ConcurrentHashMap<>();

    /** When each kind of answer came last (ms after the start). */
    private final Map<String, Long> lastAt = new java.util.concurrent.ConcurrentHashMap<>();

    private final Queue<Created> unchecked = new ConcurrentLinkedQueue<>();
    private final Queue<String> cold;

    /**
     * @param cached secrets of valid tokens both instances have cached (must answer 200 throughout)
     * @param toRevoke token ids (with their secrets after a space) to revoke, also cached on both
     * @param cold secrets of valid tokens neither instance has looked up: checked when no new token is
     *     waiting (while creates fail), once on each instance
     * @param broadcast a resource server's listener on the revocation broadcast (samples/revocation-consumer)
     */
    ClusterLoad(
            List<SecondInstance> instances,
            String bearer,
            List<String> cached,
            List<String> toRevoke,
            List<String> cold,
            RevokedTokenSessions<?> broadcast) {
        this.broadcast = broadcast;
        this.instances = instances;
        this.bearer = bearer;
        this.cached = cached;
        this.toRevoke = new ConcurrentLinkedQueue<>(toRevoke);
        this.cold = new ConcurrentLinkedQueue<>(cold);
    }

    ClusterLoad start() {
        for (int i = 0; i < instances.size(); i++) {
            int instance = i;
            spawn("create-" + i, () -> create(instance));
            spawn("cached-" + i, () -> checkCached(instance));
        }
        spawn("uncached", this::checkUncached);
        for (int i = 0; i < instances.size(); i++) {
            int instance = i;
            spawn("probe-" + i, () -> probe(instance));
        }
        spawn("revoke", this::revoke);
        return this;
    }

    long elapsedMs() {
        return (System.nanoTime() - t0) / 1_000_000;
    }

    long lastAnswerAt(String answer) {
        return lastAt.getOrDefault(answer, -1L);
    }

    int count(String answer) {
        AtomicInteger n = answers.get(answer);
        return n == null ? 0 : n.get();
    }

    static long percentile(List<Long> values, double p) {
        if (values.isEmpty()) {
            return 0;
        }
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get((int) Math.min(sorted.size() - 1, Math.ceil(p * sorted.size()) - 1));
    }

    String summary() {
        return String.format(
                "answers %s; create p99 %d ms, slowest %d ms; revocation refused by both instances p99 %d ms,"
                        + " slowest %d ms (%d revocations); heard on the broadcast p99 %d ms, slowest %d ms;"
                        + " slowest readiness %d ms; cache not trusted for ~%s ms (by instance)",
                answers,
                percentile(createMillis, 0.99),
                percentile(createMillis, 1.0),
                percentile(propagationMillis, 0.99),
                percentile(propagationMillis, 1.0),
                propagationMillis.size(),
                percentile(broadcastMillis, 0.99),
                percentile(broadcastMillis, 1.0),
                slowestReadinessMs,
                untrustedMs);
    }

    /**
     * Whether the probes so far (ms after the start) would have taken the instance out of its Service:
     * the chart's kubelet probes every {@code periodSeconds} and acts on {@code failureThreshold}
     * failures in a row, so a refusal now counts when there were refusals one, two, ... periods before
     * it (give or take this loop's own spacing of probes). A single slow answer while a broker hands
     * its connections over (seen once, 2026-12-07: the Kafka check's 700 ms ran out ~3 s after a broker
     * stopped) does not; a refusal lasting a period does.
     */
    static boolean outOfService(List<Long> notReadyAt, long now) {
        long slack = 500;
        for (int k = 1; k < READINESS_PROBE.failureThreshold(); k++) {
            long before = now - k * READINESS_PROBE.periodSeconds() * 1000L;
            if (notReadyAt.stream().noneMatch(t -> Math.abs(t - before) <= slack)) {
                return false;
            }
        }
        return true;
    }

    /** periodSeconds and failureThreshold of the readiness probe in helm/patrol/templates/deployment.yaml. */
    record ReadinessProbe(int periodSeconds, int failureThreshold) {
        static ReadinessProbe ofChart() {
            try {
                String chart = java.nio.file.Files.readString(
                        java.nio.file.Path.of("../helm/patrol/templates/deployment.yaml"));
                Matcher m = Pattern.compile(
                                "readinessProbe:\\s*\\n(?:\\s+.*\\n)*?\\s+periodSeconds: (\\d+)\\s*\\n\\s+failureThreshold: (\\d+)")
                        .matcher(chart);
                if (!m.find()) {
                    throw new IllegalStateException("no readinessProbe periodSeconds/failureThreshold in the chart");
                }
                return new ReadinessProbe(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        @Override
        public String toString() {
            return "the chart's readiness probe: every " + periodSeconds + " s, " + failureThreshold + " failures";
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        for (Thread t : threads) {
            t.join(Math.max(CLIENT_TIMEOUT.toMillis(), BROADCAST_BOUND_MS) + 10_000);
        }
    }

    private void spawn(String name, Runnable body) {
        Thread t = new Thread(body, "cluster-load-" + name);
        threads.add(t);
        t.start();
    }

    private void create(int instance) {
        while (running) {
            long start = System.nanoTime();
            HttpResponse<String> r = send(HttpRequest.newBuilder(
                            URI.create(instances.get(instance).baseUrl() + "/api/v1/tokens"))
                    .header("Authorization", "Bearer " + bearer)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"cluster load\",\"scopes\":[\"code:read\"],"
                            + "\"allOrganizations\":true,\"lifetimeDays\":1}")));
            long ms = (System.nanoTime() - start) / 1_000_000;
            createMillis.add(ms);
            int status = r == null ? -1 : r.statusCode();
            creates.add(new long[] {(start - t0) / 1_000_000, ms, status});
            note("create", status);
            if (status == 201) {
                Matcher id = TOKEN_ID.matcher(r.body());
                Matcher secret = SECRET.matcher(r.body());
                if (id.find() && secret.find()) {
                    Created c = new Created(id.group(1), secret.group(1), instance);
                    created.add(c);
                    unchecked.add(c);
                }
            } else if (status != 503) {
                wrong.add(at() + "a create answered " + status + " after " + ms + " ms");
            }
        }
    }

    /**
     * What an operator's probes see, every 250 ms: readiness (must not take the instance out of its
     * Service as the chart's probe would: the cluster still answers, and an instance out of its Service
     * cannot validate either) and liveness (a restart would not mend Kafka); every second the cache-trust gauge (a scrape of all ~800 series: with it four times a
     * second, the probes cost each instance 4-5 s of CPU per 30 s, BENCHMARKS.md "The build's own time").
     */
    private void probe(int instance) {
        Pattern trusted = Pattern.compile("(?m)^patrol_edge_cache_trusted(?:\\{[^}]*\\})? ([0-9.]+)$");
        List<Long> notReadyAt = new ArrayList<>();
        String management = instances.get(instance).managementUrl();
        long probes = 0;
        while (running) {
            long start = System.nanoTime();
            HttpResponse<String> ready = send(HttpRequest.newBuilder(URI.create(management + "/q/health/ready")));
            long ms = (System.nanoTime() - start) / 1_000_000;
            slowestReadinessMs = Math.max(slowestReadinessMs, ms);
            int status = ready == null ? -1 : ready.statusCode();
            note("readiness", status);
            if (ready == null) { // no answer for CLIENT_TIMEOUT: several of the kubelet's probes
                wrong.add(at() + "instance " + instance + " gave readiness no answer");
            } else if (status != 200 || ms > KUBELET_TIMEOUT_MS) {
                long now = elapsedMs();
                notReadyAt.add(now);
                if (outOfService(notReadyAt, now)) {
                    wrong.add(at() + "instance " + instance + " out of its Service (" + READINESS_PROBE
                            + "): not ready (or slower than " + KUBELET_TIMEOUT_MS + " ms) at " + notReadyAt
                            + " ms: " + ready.body());
                }
            }
            HttpResponse<String> live = send(HttpRequest.newBuilder(URI.create(management + "/q/health/live")));
            note("liveness", live == null ? -1 : live.statusCode());
            if (live == null || live.statusCode() != 200) {
                wrong.add(at() + "instance " + instance + " not live (Kubernetes would restart it): "
                        + (live == null ? "no answer" : live.body()));
            }
            if (++probes % 4 == 0) {
                HttpResponse<String> metrics = send(HttpRequest.newBuilder(URI.create(management + "/q/metrics")));
                Matcher m = metrics == null ? null : trusted.matcher(metrics.body());
                if (m != null && m.find() && Double.parseDouble(m.group(1)) == 0) {
                    untrustedMs.merge(instance, 1000L, Long::sum);
                }
            }
            pause(250);
        }
    }

    private void checkCached(int instance) {
        int i = 0;
        while (running) {
            int status = check(instance, cached.get(i++ % cached.size()));
            note("cached check", status);
            if (status != 200) {
                wrong.add(at() + "a cached valid token answered " + status + " on instance " + instance);
            }
            pause(5); // ~150 checks/s per instance: load, not a CPU hog starving the brokers on 2 cores
        }
    }

    /** Each token created, checked once on the other instance: not in its cache, so from PostgreSQL. */
    private void checkUncached() {
        while (running) {
            Created c = unchecked.poll();
            if (c == null) {
                String secret = cold.poll();
                if (secret != null) {
                    c = new Created(null, secret, -1);
                } else {
                    pause(20);
                    continue;
                }
            }
            int status = c.instance() < 0
                    ? Math.max(check(0, c.secret()), check(1, c.secret())) // both 200, or the worse
                    : check(1 - c.instance(), c.secret());
            note("uncached check", status);
            if (status != 200) {
                wrong.add(at() + "a new valid token answered " + status + " on the instance that did not create it");
            }
        }
    }

    private void revoke() {
        int n = 0;
        while (running) {
            String next = toRevoke.poll();
            if (next == null) {
                return;
            }
            String id = next.substring(0, next.indexOf(' '));
            String secret = next.substring(next.indexOf(' ') + 1);
            int instance = n++ % instances.size();
            HttpResponse<String> r = send(
                    HttpRequest.newBuilder(URI.create(instances.get(instance).baseUrl() + "/api/v1/tokens/" + id))
                            .header("Authorization", "Bearer " + bearer)
                            .DELETE());
            int status = r == null ? -1 : r.statusCode();
            note("revoke", status);
            long acknowledged = System.nanoTime();
            if (status == 204) {
                spawnWatch(id, secret, acknowledged);
            } else if (status != 503) {
                wrong.add(at() + "a revocation answered " + status);
            }
            pause(REVOKE_EVERY_MS);
        }
    }

    /**
     * Asks both instances until each refuses the revoked token (a 200 after 5 s is a failure), and
     * the broadcast listener until it has heard of it: within {@link #BROADCAST_BOUND_MS}, which covers
     * the longest write outage a scenario makes (two brokers down ~20 s: the outbox publishes it once
     * the cluster takes writes again).
     */
    private void spawnWatch(String id, String secret, long acknowledged) {
        Thread t = new Thread(
                () -> {
                    boolean[] refused = new boolean[instances.size()];
                    boolean all = false;
                    boolean heard = false;
                    while (!(all && heard)) {
                        long ms = (System.nanoTime() - acknowledged) / 1_000_000;
                        if (!all) {
                            all = true;
                            for (int i = 0; i < refused.length; i++) {
                                refused[i] = refused[i] || check(i, secret) == 401;
                                all &= refused[i];
                            }
                            if (all) {
                                propagationMillis.add(ms);
                            } else if (ms > 5_000) {
                                wrong.add(at() + "a token revoked " + ms + " ms ago is still accepted");
                                return;
                            }
                        }
                        if (!heard && broadcast.invalidatedSince(id, java.time.Instant.EPOCH)) {
                            heard = true;
                            broadcastMillis.add(ms);
                        } else if (!heard && ms > BROADCAST_BOUND_MS) {
                            wrong.add(at() + "a revocation " + ms + " ms ago is not on the broadcast");
                            return;
                        }
                        pause(10);
                    }
                },
                "cluster-load-watch");
        t.start();
        threads.add(t);
    }

    private int check(int instance, String secret) {
        HttpResponse<String> r = send(
                HttpRequest.newBuilder(URI.create(instances.get(instance).baseUrl() + "/auth/check?scope=code:read"))
                        .header("Authorization", "Bearer " + secret));
        return r == null ? -1 : r.statusCode();
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.timeout(CLIENT_TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            return null;
        }
    }

    private void note(String what, int status) {
        answers.computeIfAbsent(what + " " + status, k -> new AtomicInteger()).incrementAndGet();
        lastAt.put(what + " " + status, elapsedMs());
    }

    private String at() {
        return String.format("%.1f s: ", elapsedMs() / 1000.0);
    }

    private static void pause(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
