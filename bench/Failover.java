import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Unavailability of token commands while a second instance leaves. Instance A (already running)
 * takes creates from 4 clients back to back; instance B (the packaged application, started here with
 * this process's environment and QUARKUS_HTTP_PORT=B_PORT) shares the projection and is stopped
 * under load, by SIGKILL or by SIGTERM. Per stop: the window from the stop to the last failed create
 * (0 if none failed) and the slowest create.
 *
 *   java bench/Failover.java A_BASE OIDC_BASE B_PORT kill|graceful CYCLES OBSERVE_SECONDS [B_JVM_OPTION...]
 *
 * Each cycle signs in as alice at the dev OIDC provider anew (its tokens expire in minutes).
 */
public class Failover {

    record Outcome(long sentMs, long answeredMs, int status) {}

    /** Every instance B started, stopped if this program fails (it would outlive it otherwise). */
    static final List<Process> STARTED = new ArrayList<>();

    public static void main(String[] args) {
        try {
            run(args);
        } catch (Exception e) {
            e.printStackTrace();
            STARTED.forEach(Process::destroyForcibly);
            System.exit(1);
        }
        System.exit(0);
    }

    static void run(String[] args) throws Exception {
        String a = args[0];
        String oidc = args[1];
        int bPort = Integer.parseInt(args[2]);
        boolean kill = args[3].equals("kill");
        int cycles = Integer.parseInt(args[4]);
        int observe = Integer.parseInt(args[5]);
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        List<Long> windows = new ArrayList<>();
        List<Long> slowest = new ArrayList<>();
        long failedTotal = 0;
        long total = 0;
        for (int cycle = 1; cycle <= cycles; cycle++) {
            Process b = startB(bPort, cycle, List.of(args).subList(6, args.length));
            awaitReady(http, "http://localhost:" + (bPort + 1000), b); // B's management interface
            awaitProjecting(http, "http://localhost:" + (bPort + 1000), b); // the group's rebalance is over
            String bearer = signIn(http, oidc);
            long t0 = System.nanoTime();
            ConcurrentLinkedQueue<Outcome> outcomes = new ConcurrentLinkedQueue<>();
            List<Thread> clients = new ArrayList<>();
            boolean[] running = {true};
            for (int i = 0; i < 4; i++) {
                Thread t = new Thread(() -> {
                    while (running[0]) {
                        long sent = ms(t0);
                        int status;
                        try {
                            status = http.send(create(a, bearer), HttpResponse.BodyHandlers.discarding())
                                    .statusCode();
                        } catch (Exception e) {
                            status = -1;
                        }
                        outcomes.add(new Outcome(sent, ms(t0), status));
                    }
                });
                t.start();
                clients.add(t);
            }
            Thread.sleep(2000);
            long stoppedMs = ms(t0);
            if (kill) {
                b.destroyForcibly();
            } else {
                b.destroy();
            }
            Thread.sleep(observe * 1000L);
            running[0] = false;
            for (Thread t : clients) {
                t.join();
            }
            b.waitFor(60, TimeUnit.SECONDS);
            long window = outcomes.stream()
                    .filter(o -> o.status != 201 && o.answeredMs >= stoppedMs)
                    .mapToLong(o -> o.answeredMs - stoppedMs)
                    .max()
                    .orElse(0);
            long slow = outcomes.stream()
                    .mapToLong(o -> o.answeredMs - o.sentMs)
                    .max()
                    .orElse(0);
            long failed = outcomes.stream().filter(o -> o.status != 201).count();
            if (failed == outcomes.size()) {
                throw new IllegalStateException("cycle " + cycle + ": no create succeeded");
            }
            windows.add(window);
            slowest.add(slow);
            failedTotal += failed;
            total += outcomes.size();
            System.out.printf(
                    "%s %d: %d creates, %d failed, window %d ms, slowest %d ms%n",
                    args[3], cycle, outcomes.size(), failed, window, slow);
        }
        Collections.sort(windows);
        Collections.sort(slowest);
        System.out.printf(
                "%s x%d: window after the stop p50 %d ms, max %d ms; slowest create p50 %d ms, max %d ms;"
                        + " %d of %d creates failed%n",
                args[3],
                cycles,
                windows.get((cycles - 1) / 2),
                windows.get(cycles - 1),
                slowest.get((cycles - 1) / 2),
                slowest.get(cycles - 1),
                failedTotal,
                total);
    }

    static String signIn(HttpClient http, String oidc) throws Exception {
        String body = http.send(
                        HttpRequest.newBuilder(URI.create(oidc + "/token"))
                                .header("Content-Type", "application/x-www-form-urlencoded")
                                .POST(HttpRequest.BodyPublishers.ofString("grant_type=password&username=alice"
                                        + "&password=alice&client_id=quarkus-app&client_secret=secret"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
        Matcher m = Pattern.compile("\"access_token\"\\s*:\\s*\"([^\"]+)\"").matcher(body);
        if (!m.find()) {
            throw new IllegalStateException("no access token from the dev OIDC provider: " + body);
        }
        return m.group(1);
    }

    static HttpRequest create(String a, String bearer) {
        return HttpRequest.newBuilder(URI.create(a + "/api/v1/tokens"))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + bearer)
                .header("Content-Type", "application/json")
                .POST(
                        HttpRequest.BodyPublishers.ofString(
                                "{\"name\":\"failover\",\"scopes\":[\"code:read\"],\"allOrganizations\":true,\"lifetimeDays\":1}"))
                .build();
    }

    static Process startB(int port, int cycle, List<String> jvmOptions) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(List.of("-Xmx256m", "-jar", "server/target/quarkus-app/quarkus-run.jar"));
        ProcessBuilder pb = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(new File("server/target/bench-failover-b-" + cycle + ".log"));
        pb.environment().put("QUARKUS_HTTP_PORT", Integer.toString(port));
        pb.environment().put("QUARKUS_MANAGEMENT_PORT", Integer.toString(port + 1000)); // as bench/common.sh
        Process b = pb.start();
        STARTED.add(b);
        return b;
    }

    static void awaitReady(HttpClient http, String base, Process b) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            if (!b.isAlive()) {
                throw new IllegalStateException("instance B exited with " + b.exitValue());
            }
            try {
                if (http.send(
                                        HttpRequest.newBuilder(URI.create(base + "/q/health/ready"))
                                                .build(),
                                        HttpResponse.BodyHandlers.discarding())
                                .statusCode()
                        == 200) {
                    return;
                }
            } catch (Exception e) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("instance B not ready in 120 s");
    }

    /**
     * Until B holds partitions of the events topic: the projection group has rebalanced (with the
     * cooperative assignor, B is given partitions in the round after A gave them up).
     */
    static void awaitProjecting(HttpClient http, String base, Process b) throws Exception {
        Pattern partitions = Pattern.compile("(?m)^patrol_projection_partitions(\\{[^}]*\\})? ([0-9.E]+)$");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (!b.isAlive()) {
                throw new IllegalStateException("instance B exited with " + b.exitValue());
            }
            Matcher m = partitions.matcher(http.send(
                            HttpRequest.newBuilder(URI.create(base + "/q/metrics"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body());
            if (m.find() && Double.parseDouble(m.group(2)) > 0) {
                return;
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("instance B was given no partition of the events topic in 60 s");
    }

    static long ms(long t0) {
        return (System.nanoTime() - t0) / 1_000_000;
    }
}
