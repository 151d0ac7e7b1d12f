package dev.patrol.scripts;

import java.io.Reader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.patrol.support.Browser;
import dev.patrol.support.PatrolCli;
import dev.patrol.support.ScriptRun;
import dev.patrol.support.SecondInstance;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The README's first command, run as a newcomer runs it: {@code ./run-local} on its own data directory
 * and free ports. What it prints must work, and SIGTERM must leave nothing behind. Meanwhile the
 * benchmark scripts of BENCHMARKS.md run in their {@code --smoke} mode (a second or two of load) against
 * it (BENCH_RUN_LOCAL, bench/common.sh) instead of starting one each (45 s apiece): every step they take
 * still works, they print every figure, and they leave nothing running.
 *
 * <p>Its notice scan is off ({@code PATROL_NOTICES_ENABLED=false}): run-expiry.sh counts the notices its
 * own instances create. The rebuild script runs first, while the events topic holds only what it seeds.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RunLocalIT {

    static int port;
    static Path data;
    static ScriptRun runLocal;
    static final Path RUN_LOCAL_LOG = Path.of("target", "run-local-it.log").toAbsolutePath();

    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void startRunLocal() throws Exception {
        port = ScriptRun.freePorts(3); // run-validation.sh and run-expiry.sh use three, run-failover.sh two
        data = Files.createTempDirectory("patrol-run-local-it-");
        // Readable by the account the embedded PostgreSQL runs as when the build runs as root.
        Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxr-xr-x"));
        runLocal = ScriptRun.start(
                RUN_LOCAL_LOG,
                env -> {
                    env.put("QUARKUS_HTTP_PORT", Integer.toString(port));
                    env.put("QUARKUS_MANAGEMENT_PORT", Integer.toString(port + 1000));
                    env.put("PATROL_LOCAL_DATA", data.toString());
                    env.put("PATROL_NOTICES_ENABLED", "false");
                },
                "./run-local");
        runLocal.awaitOutput("Ctrl-C stops", Duration.ofMinutes(5));
    }

    @AfterAll
    static void stopRunLocal() throws Exception {
        try (ScriptRun run = runLocal) {
            if (run != null) {
                run.terminate(Duration.ofMinutes(1)); // already stopped unless a test failed first
            }
        } finally {
            try (var walk = Files.walk(data)) {
                walk.sorted(java.util.Comparator.reverseOrder())
                        .forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    @Order(2)
    void thePrintedCommandsTheWebPagesAndTheCommandLineServeANewcomer() throws Exception {
        String printed = runLocal.output();
        assertTrue(printed.contains("Patrol is ready: http://localhost:" + port), printed);
        assertTrue(printed.contains("Health: http://localhost:" + (port + 1000) + "/q/health"), printed);

        // The printed commands, run as printed, answer alice's profile.
        String commands = printed.substring(printed.indexOf("Get a dev OIDC token"), printed.indexOf("Ctrl-C stops"));
        commands = commands.substring(commands.indexOf('\n') + 1);
        Process shell = new ProcessBuilder("bash", "-c", "set -e\n" + commands + "\necho; echo \"TOKEN=$TOKEN\"")
                .redirectErrorStream(true)
                .start();
        String shellOut = new String(shell.getInputStream().readAllBytes());
        assertEquals(0, shell.waitFor(), shellOut);
        assertTrue(shellOut.contains("\"subject\":\"alice\""), shellOut);
        Matcher token = Pattern.compile("TOKEN=(\\S+)").matcher(shellOut);
        assertTrue(token.find(), shellOut);

        // A PAT created with that token passes the gateway check.
        String base = "http://localhost:" + port;
        HttpResponse<String> created = http.send(
                HttpRequest.newBuilder(URI.create(base + "/api/v1/tokens"))
                        .header("Authorization", "Bearer " + token.group(1))
                        .header("Content-Type", "application/json")
                        .POST(
                                HttpRequest.BodyPublishers.ofString(
                                        "{\"name\":\"newcomer\",\"scopes\":[\"code:read\"],\"allOrganizations\":true,\"lifetimeDays\":1}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(201, created.statusCode(), created.body());
        Matcher pat = Pattern.compile("\"token\":\"([^\"]+)\"").matcher(created.body());
        assertTrue(pat.find(), created.body());
        HttpResponse<Void> check = http.send(
                HttpRequest.newBuilder(URI.create(base + "/auth/check?scope=code:read"))
                        .header("Authorization", "Bearer " + pat.group(1))
                        .build(),
                HttpResponse.BodyHandlers.discarding());
        assertEquals(200, check.statusCode());
        assertEquals("alice", check.headers().firstValue("X-Patrol-Subject").orElse(null));

        // The printed web pages send the browser to the dev provider's login (the browser test
        // goes further against the test application).
        assertTrue(printed.contains("Web pages: " + base + "/ui"), printed);
        HttpResponse<Void> pages = http.send(
                HttpRequest.newBuilder(URI.create(base + "/ui")).build(), HttpResponse.BodyHandlers.discarding());
        assertEquals(302, pages.statusCode());
        String login = pages.headers().firstValue("Location").orElse("");
        Matcher provider = Pattern.compile("Dev OIDC provider: (\\S+)").matcher(printed);
        assertTrue(provider.find(), printed);
        assertTrue(login.startsWith(provider.group(1)) && login.contains("code_challenge="), login);

        // In a real browser, as a newcomer meets the pages: signed in on the dev provider's page, the
        // new-token form is accepted (dev mode's Origin check refuses what a page served with
        // "no-referrer" would post: "Origin: null") and the secret is shown once.
        try (Browser alice = Browser.start()) {
            alice.signIn(base + "/", "alice");
            alice.driver.get(base + "/ui/tokens/new");
            alice.await(By.id("name")).sendKeys("from the browser");
            alice.driver
                    .findElement(By.cssSelector("input[name=organization][value=acme]"))
                    .click();
            alice.driver
                    .findElement(By.cssSelector("input[name=scope][value='code:read']"))
                    .click();
            alice.driver
                    .findElement(By.cssSelector("form.token-form button[type=submit]"))
                    .click();
            String secret = alice.await(By.id("secret")).getAttribute("value");
            assertTrue(secret.startsWith("ptl_"), alice.driver.getPageSource());
        }
        // The printed command line signs in on the dev provider and lists alice's tokens.
        assertTrue(printed.contains("cli/patrol login " + base + "\n"), printed);
        PatrolCli cli = PatrolCli.inNewHome();
        cli.login(base, "alice");
        String listed = cli.run("token", "list").ok().out();
        assertTrue(listed.contains("newcomer") && listed.contains("from the browser"), listed);

        HttpResponse<byte[]> icon = http.send(
                HttpRequest.newBuilder(URI.create(base + "/favicon.ico")).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, icon.statusCode());
        assertTrue(icon.body().length > 0);

        // Patrol itself logged no error since its fresh start (its topics created a moment before; the
        // rebuild script's seeds and rebuild since).
        List<String> errors = Files.readAllLines(Path.of("target/run-local-app.log")).stream()
                .filter(l -> l.contains(" ERROR [dev.patrol"))
                .toList();
        assertEquals(List.of(), errors);
    }

    @Test
    void everyBenchmarkScriptRunsByTheCommandBenchmarksMdGives() throws Exception {
        String benchmarks = Files.readString(ScriptRun.REPOSITORY.resolve("BENCHMARKS.md"));
        try (var scripts = Files.list(ScriptRun.REPOSITORY.resolve("bench"))) {
            for (Path file : scripts.filter(p -> p.getFileName().toString().matches("run.*\\.sh"))
                    .toList()) {
                Path script = ScriptRun.REPOSITORY.relativize(file);
                assertTrue(
                        Files.isExecutable(file),
                        script + " is not executable: BENCHMARKS.md tells people to run it as " + script);
                assertTrue(benchmarks.contains(script.toString()), "BENCHMARKS.md does not say how to run " + script);
            }
        }
    }

    @Test
    @Order(3)
    void lifecycleBenchmarkScriptRunsEveryStep() throws Exception {
        String out = runSmoke("bench/run.sh");
        assertPrints(out, "fixed rate 10/s for 2 s: [1-9]\\d* ok");
        assertPrints(out, "closed loop, 4 concurrent for 2 s: \\d+ creates/s \\([1-9]\\d* ok");
        assertPrints(out, "rebuild: \\{\"records\":\\d+,\"events\":[1-9]\\d*");
    }

    @Test
    @Order(9)
    void credentialHelperBenchmarkScriptRunsEveryStep() throws Exception {
        String out = runSmoke("bench/run-cli.sh");
        assertPrints(out, "git's store helper \\(the floor\\): +p50 \\d+ ms, p99 \\d+ ms");
        assertPrints(out, "patrol git-credential, PATROL_CDS=off: +p50 \\d+ ms, p99 \\d+ ms");
        assertPrints(out, "patrol git-credential \\(launcher's class-data archive\\): +p50 \\d+ ms, p99 \\d+ ms");
        boolean keyring = java.util.stream.Stream.of(
                        "/usr/bin/dbus-daemon", "/usr/bin/gnome-keyring-daemon", "/usr/bin/secret-tool")
                .allMatch(f -> Files.isExecutable(Path.of(f)));
        assertPrints(
                out,
                "patrol git-credential, secrets in GNOME Keyring: +"
                        + (keyring ? "p50 \\d+ ms, p99 \\d+ ms" : "skipped \\(no dbus-daemon"));
    }

    @Test
    @Order(7)
    void validationBenchmarkScriptRunsEveryStep() throws Exception {
        assumeWrk("bench/run-validation.sh");
        String out = runSmoke("bench/run-validation.sh");
        for (String label : List.of("cache on ", "cache off")) {
            assertPrints(
                    out,
                    label
                            + ": bare /ping [\\d.]+ req/s, /q/health/live [\\d.]+ req/s \\([\\d.]+x\\), /auth/check [\\d.]+ "
                            + "req/s, ratio to bare [\\d.]+");
            assertPrints(out, label + ": /auth/check with 1 connection\\(s\\): [\\d.]+ req/s .*p99 [\\d.]+(us|ms)");
        }
        assertPrints(
                out,
                "cache on : /auth/check without a JWT [\\d.]+ req/s, with a signed JWT \\(jwt=bench\\) [\\d.]+ req/s "
                        + "\\([\\d.]+x\\); ratio to bare [\\d.]+ \\(round 1\\)");
        assertPrints(
                out,
                "cache on : /auth/check with a PAT bound to 4 networks [\\d.]+ req/s \\([\\d.]+x of the unbound one\\); "
                        + "ratio to bare [\\d.]+ \\(round 1\\)");
        assertPrints(
                out,
                "cache on : /auth/check&org=globex, globex requiring approval, [\\d.]+ req/s \\([\\d.]+x of the check naming "
                        + "no organization\\); ratio to bare [\\d.]+ \\(round 1\\)");
        assertPrints(
                out,
                "cache on : bare /ping [\\d.]+ req/s, /oauth2/introspect \\(client_secret_basic\\) [\\d.]+ req/s, ratio to bare [\\d.]+");
        for (int c : new int[] {1, 8}) {
            assertPrints(
                    out,
                    "curve " + c
                            + " connections: bare [\\d.]+ req/s; cached [\\d.]+ req/s \\([\\d.]+x of its bare [\\d.]+\\); "
                            + "uncached [\\d.]+ req/s \\([\\d.]+x\\), p99 [\\d.]+(us|ms|s), not 2xx 0");
        }
        assertTrue(Files.size(Path.of("target/bench-curve.png")) > 1000, "the curve's chart");
        assertPrints(out, "revocation propagation A->B over 5 revocations: p50 [\\d.]+ ms, p90 [\\d.]+ ms, p99");
        assertPrints(out, "distribution: 0-1 ms: \\d+, 1-2 ms: \\d+,.* >=100 ms: \\d+");
    }

    @Test
    @Order(4)
    void expiryScanBenchmarkScriptRunsEveryStep() throws Exception {
        assumeWrk("bench/run-expiry.sh");
        String out = runSmoke("bench/run-expiry.sh");
        assertPrints(out, "seeded 2000 tokens into the read model");
        assertPrints(
                out,
                "scan over 2000 active tokens: longest scan so far .* [\\d.]+ s and [\\d.]+ s on the two "
                        + "instances, [1-9]\\d* notices created");
        for (String scanning : List.of("false", "true")) {
            for (String label : List.of("cache on ", "cache off")) {
                assertPrints(
                        out,
                        "scanning " + scanning + ", " + label + ": /auth/check [\\d.]+ req/s, p99 [\\d.]+(us|ms|s); "
                                + "scans meanwhile: " + (scanning.equals("true") ? "[1-9]" : "0"));
            }
        }
    }

    @Test
    @Order(6)
    void footprintBenchmarkScriptRunsEveryStep() throws Exception {
        assumeWrk("bench/run-footprint.sh");
        String out = runSmoke("bench/run-footprint.sh");
        // With the ahead-of-time cache AheadOfTimeCacheIT trained (Java 25+), and without it, side by side.
        List<String> configs = Files.exists(SecondInstance.AOT_CACHE) ? List.of("cache", "none") : List.of("none");
        for (String c : configs) {
            assertPrints(
                    out,
                    c
                            + ": start 1: launch to ready \\d+ ms, RSS at ready \\d+ MiB, first 1s after ready [\\d.]+ req/s");
            assertPrints(out, c + ": load: cached /auth/check [\\d.]+ req/s .*listings [\\d.]+ req/s");
            assertPrints(
                    out,
                    c + ": RSS under load: max \\d+ MiB, median \\d+ MiB over [1-9]\\d* samples; heap used \\d+ MiB");
            assertPrints(out, c + ": launch to ready: median \\d+ ms, min \\d+ ms, max \\d+ ms over 1 starts");
        }
    }

    @Test
    @Order(5)
    void scaleBenchmarkScriptRunsEveryStep() throws Exception {
        assumeWrk("bench/run-scale.sh");
        String out = runSmoke("bench/run-scale.sh");
        assertPrints(out, "seeded 2000 tokens with real secrets into the read model");
        // Every seeded token was presented, and every one passed.
        assertPrints(
                out,
                "first pass over every token \\(distinct, uncached, 32 connections, 1 wrk thread\\): [1-9]\\d* requests in [\\d.]+ s, "
                        + "[\\d.]+ req/s, not 2xx 0, timed out \\(wrk, 2 s\\) \\d+;");
        assertPrints(
                out,
                "edge cache: 2000 entries; heap after a full GC [\\d.]+ MiB before the pass, [\\d.]+ MiB after: -?\\d+ bytes per entry");
        assertPrints(
                out,
                "cached \\(every token in the cache, 64 connections\\), last round: [\\d.]+ req/s, not 2xx 0, timed out \\d+; bare /ping [\\d.]+ before");
        // Every token against one, with what each cost beside it.
        for (String round : new String[] {"1", "2"}) {
            assertPrints(
                    out,
                    "round " + round
                            + ": bare /ping [\\d.]+ req/s; every token [\\d.]+ req/s \\(GC pauses [\\d.]+% of the run, Patrol [\\d.]+ cores, "
                            + "PostgreSQL [\\d.]+\\); one token [\\d.]+ req/s \\(GC [\\d.]+%, Patrol [\\d.]+ cores, PostgreSQL [\\d.]+\\); "
                            + "every token / bare [\\d.]+, / one token [\\d.]+");
        }
        // Every check of a valid token passes; a shed lookup (429/503) would show in the parentheses.
        assertPrints(
                out,
                "uncached \\(cache off, distinct tokens, 32 connections\\): [\\d.]+ req/s, not 2xx 0 \\(shed by client/instance bound since start: \\d+/\\d+\\), timed out \\d+; bare");
    }

    @Test
    @Order(10)
    void uncachedBenchmarkScriptRunsEveryStep() throws Exception {
        assumeWrk("bench/run-uncached.sh");
        String out = runSmoke("bench/run-uncached.sh");
        assertPrints(out, "seeded 2000 tokens with real secrets into the read model");
        // Every seeded token checked, and every seeded id selected, was found: all 2xx.
        for (int c : new int[] {1, 8}) {
            assertPrints(
                    out,
                    c + " connections: one token: SELECT by id [\\d.]+ req/s \\(p99 [\\d.]+(us|ms|s)\\), "
                            + "/auth/check uncached [\\d.]+ req/s \\(p99 [\\d.]+(us|ms|s)\\) = [\\d.]+x; distinct tokens: "
                            + "SELECT by id [\\d.]+ req/s \\(p99 [\\d.]+(us|ms|s)\\), /auth/check uncached [\\d.]+ req/s "
                            + "\\(p99 [\\d.]+(us|ms|s)\\) = [\\d.]+x; validation's query by hash [\\d.]+ req/s "
                            + "\\(p99 [\\d.]+(us|ms|s)\\) = [\\d.]+x of the SELECT by id, the check [\\d.]+x of it; "
                            + "not 2xx 0/0/0/0/0");
            // Every series found a row for every key it presented (QueryAnatomy fails otherwise).
            assertPrints(
                    out,
                    "query anatomy, " + c + " client\\(s\\): SELECT by id \\(the reference\\) \\d+/s \\(1.00x\\); "
                            + "by id, the token's columns \\d+/s \\([\\d.]+x\\); by hash, the id only \\d+/s .*\\+ the quarantine flag = validation's query \\d+/s "
                            + "\\([\\d.]+x\\); all on the token's row \\(one table\\) \\d+/s \\([\\d.]+x\\)");
        }
    }

    @Test
    @Order(1)
    void rebuildBenchmarkScriptRunsEveryStep() throws Exception {
        String out = runSmoke("bench/run-rebuild.sh");
        assertPrints(out, "live projector: every record of patrol.token-events.v1 \\(1500\\) folded [\\d.]+ s after");
        // Every seeded event is replayed, none rejected, and the packaged instance survives it.
        assertPrints(out, "\"rejected\":0,\"tokens\":500,");
        assertPrints(
                out,
                "rebuild of 500 tokens: 1500 events in [\\d.]+ s = \\d+ events/s \\(1500 records; replay [\\d.]+ s, "
                        + "indexes [\\d.]+ s\\); live tables locked "
                        + "\\d+ ms; P peak RSS \\d+ MiB");
        assertPrints(
                out,
                "history write inside PostgreSQL, [1-9]\\d* events \\(the replay took [\\d.]+ s\\): as the replay writes it "
                        + "\\(both keys kept up, payload parsed\\) [\\d.]+ s .*payload stored as text, not parsed [\\d.]+ s");
    }

    @Test
    @Order(8)
    void failoverBenchmarkScriptRunsEveryStep() throws Exception {
        String out = runSmoke("bench/run-failover.sh");
        assertPrints(out, "kill x1: window after the stop p50 \\d+ ms, max \\d+ ms; slowest create p50 \\d+ ms");
        assertPrints(out, "graceful x1: window after the stop p50 \\d+ ms");
    }

    @Test
    @Order(100)
    void sigtermStopsPatrolPostgresAndKafkaAndLeavesNothing() throws Exception {
        List<Integer> infraPorts = infrastructurePorts();
        assertEquals(2, infraPorts.size(), "PostgreSQL and Kafka ports in the ready file");
        runLocal.terminate(Duration.ofMinutes(1));
        assertTrue(runLocal.output().contains("[patrol] stopped."), runLocal.output());
        assertEquals(List.of(), runLocal.survivors(Duration.ofSeconds(30)), "processes left behind");
        assertFalse(ScriptRun.listening(port), "Patrol still listening");
        infraPorts.forEach(p -> assertFalse(ScriptRun.listening(p), "PostgreSQL or Kafka still listening on " + p));
    }

    /** The ports of the embedded PostgreSQL and Kafka, from the file run-local reads their addresses from. */
    private static List<Integer> infrastructurePorts() throws Exception {
        Properties ready = new Properties();
        try (Reader r = Files.newBufferedReader(Path.of("target/run-local-infra.ready"))) {
            ready.load(r);
        }
        Matcher pg = Pattern.compile(":(\\d+)/").matcher(ready.getProperty("quarkus.datasource.reactive.url"));
        Matcher kafka = Pattern.compile(":(\\d+)$").matcher(ready.getProperty("kafka.bootstrap.servers"));
        assertTrue(pg.find() && kafka.find(), ready.toString());
        return List.of(Integer.parseInt(pg.group(1)), Integer.parseInt(kafka.group(1)));
    }

    private static String runSmoke(String script) throws Exception {
        Path log = Path.of("target", Path.of(script).getFileName() + "-smoke.log");
        try (ScriptRun run = ScriptRun.start(
                log,
                env -> {
                    env.put("BENCH_PORT", Integer.toString(port));
                    env.put("BENCH_RUN_LOCAL", RUN_LOCAL_LOG.toString());
                    if (!script.endsWith("run-cli.sh")) { // the CLI's launcher is C1 already; git shows its stderr
                        // A smoke's figures mean nothing: its JVMs compile with C1 only, which nearly halves
                        // the CPU of each start on 2 cores (a packaged instance from the ahead-of-time cache:
                        // 4.1-4.7 s of CPU against 7.5-8.2 s). BENCHMARKS.md's runs keep the JVM's defaults.
                        env.put("JDK_JAVA_OPTIONS", "-XX:TieredStopAtLevel=1");
                    }
                },
                "bash",
                script,
                "--smoke")) {
            int exit = run.awaitExit(Duration.ofMinutes(10));
            assertEquals(0, exit, exit == 0 ? "" : run.output() + appLogTail());
            assertEquals(List.of(), run.survivors(Duration.ofSeconds(30)), "processes left behind");
            return run.output();
        }
    }

    /** The end of the shared ./run-local's dev-mode log. */
    private static String appLogTail() {
        Path log = Path.of("target", "run-local-app.log");
        try {
            List<String> lines = Files.readAllLines(log);
            return "\n--- end of " + log + ":\n"
                    + String.join("\n", lines.subList(Math.max(0, lines.size() - 80), lines.size()));
        } catch (java.io.IOException e) {
            return "\n(no " + log + ")";
        }
    }

    /** The load-driving smokes need wrk: as root (CI) it must be there (.ci/run installs it), else they are skipped. */
    private static void assumeWrk(String script) {
        assumeTrue(
                "root".equals(System.getProperty("user.name")) || Files.isExecutable(Path.of("/usr/bin/wrk")),
                script + " needs wrk (Debian package wrk; .ci/run installs it)");
    }

    private static void assertPrints(String output, String regex) {
        assertTrue(Pattern.compile(regex).matcher(output).find(), "expected /" + regex + "/ in:\n" + output);
    }
}
