import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * End-to-end create benchmark against a running Patrol (POST /api/v1/tokens answers only after the
 * projector applied the event, so this measures REST + Kafka + projection + PostgreSQL).
 *
 *   java bench/CreateBench.java fixed BASE_URL BEARER RATE_PER_S SECONDS
 *   java bench/CreateBench.java max   BASE_URL BEARER CONCURRENCY SECONDS
 *
 * "fixed" is open-loop: latency is measured from the scheduled send time (no coordinated omission).
 */
public class CreateBench {

    static final String BODY =
            "{\"name\":\"bench\",\"scopes\":[\"code:read\"],\"allOrganizations\":true,\"lifetimeDays\":30}";

    public static void main(String[] args) {
        try {
            run(args);
        } catch (Exception e) {
            e.printStackTrace();
            System.exit(1); // the client's pool threads would keep the JVM alive
        }
        System.exit(0);
    }

    static void run(String[] args) throws Exception {
        String mode = args[0];
        URI uri = URI.create(args[1] + "/api/v1/tokens");
        String bearer = args[2];
        int n = Integer.parseInt(args[3]);
        int seconds = Integer.parseInt(args[4]);
        HttpClient client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .executor(Executors.newFixedThreadPool(8))
                .build();
        HttpRequest request = HttpRequest.newBuilder(uri)
                .header("Authorization", "Bearer " + bearer)
                .header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(BODY))
                .build();
        // warm-up
        for (int i = 0; i < 50; i++) {
            check(client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode());
        }
        if (mode.equals("fixed")) {
            fixed(client, request, n, seconds);
        } else {
            max(client, request, n, seconds);
        }
    }

    static void fixed(HttpClient client, HttpRequest request, int rate, int seconds) throws Exception {
        ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
        AtomicInteger errors = new AtomicInteger();
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        long periodNanos = 1_000_000_000L / rate;
        long start = System.nanoTime();
        int total = rate * seconds;
        List<CompletableFuture<?>> all = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger sent = new AtomicInteger();
        timer.scheduleAtFixedRate(
                () -> {
                    int i = sent.getAndIncrement();
                    if (i >= total) {
                        return;
                    }
                    long scheduled = start + i * periodNanos;
                    all.add(client.sendAsync(request, HttpResponse.BodyHandlers.discarding())
                            .whenComplete((r, e) -> {
                                if (e != null || r.statusCode() != 201) {
                                    errors.incrementAndGet();
                                } else {
                                    latencies.add(System.nanoTime() - scheduled);
                                }
                            }));
                },
                0,
                periodNanos,
                TimeUnit.NANOSECONDS);
        while (sent.get() < total) {
            Thread.sleep(100);
        }
        timer.shutdown();
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new))
                .exceptionally(e -> null)
                .join();
        List<Long> sorted = new ArrayList<>(latencies);
        Collections.sort(sorted);
        if (sorted.isEmpty()) {
            throw new IllegalStateException("no create succeeded (" + errors.get() + " errors)");
        }
        System.out.printf(
                "fixed rate %d/s for %d s: %d ok, %d errors, p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, max %.1f ms%n",
                rate,
                seconds,
                sorted.size(),
                errors.get(),
                pct(sorted, 50),
                pct(sorted, 90),
                pct(sorted, 99),
                sorted.get(sorted.size() - 1) / 1e6);
    }

    static void max(HttpClient client, HttpRequest request, int concurrency, int seconds) throws Exception {
        AtomicLong ok = new AtomicLong();
        AtomicInteger errors = new AtomicInteger();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        List<Thread> workers = new ArrayList<>();
        for (int i = 0; i < concurrency; i++) {
            Thread t = new Thread(() -> {
                while (System.nanoTime() < end) {
                    try {
                        int s = client.send(request, HttpResponse.BodyHandlers.discarding())
                                .statusCode();
                        if (s == 201) {
                            ok.incrementAndGet();
                        } else {
                            errors.incrementAndGet();
                        }
                    } catch (Exception e) {
                        errors.incrementAndGet();
                    }
                }
            });
            t.start();
            workers.add(t);
        }
        for (Thread t : workers) {
            t.join();
        }
        if (ok.get() == 0) {
            throw new IllegalStateException("no create succeeded (" + errors.get() + " errors)");
        }
        System.out.printf(
                "closed loop, %d concurrent for %d s: %.0f creates/s (%d ok, %d errors)%n",
                concurrency, seconds, ok.get() / (double) seconds, ok.get(), errors.get());
    }

    static double pct(List<Long> sorted, int p) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1)) / 1e6;
    }

    static void check(int status) {
        if (status != 201) {
            throw new IllegalStateException("create answered " + status);
        }
    }
}
