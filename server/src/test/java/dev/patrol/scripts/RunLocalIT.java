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
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The README's first command, run exactly as a newcomer runs it: {@code ./run-local} on its own
 * data directory and a free port. What it prints must work, and SIGTERM must leave nothing behind.
 */
class RunLocalIT {

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void runLocalServesTokensWithThePrintedCommandsAndStopsEverythingOnSigterm() throws Exception {
        Path data = Files.createTempDirectory("patrol-run-local-it-");
        Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxr-xr-x"));
        int port = ScriptRun.freePort();
        int managementPort = ScriptRun.freePort();
        try (ScriptRun run = ScriptRun.start(
                Path.of("target/run-local-it.log"),
                env -> {
                    env.put("QUARKUS_HTTP_PORT", Integer.toString(port));
                    env.put("QUARKUS_MANAGEMENT_PORT", Integer.toString(managementPort));
                    env.put("PATROL_LOCAL_DATA", data.toString());
                },
                "./run-local")) {
            String printed = run.awaitOutput("Ctrl-C stops", Duration.ofMinutes(5));
            assertTrue(printed.contains("Patrol is ready: http://localhost:" + port), printed);
            assertTrue(printed.contains("Health: http://localhost:" + managementPort + "/q/health"), printed);

            // The printed commands, run as printed, answer alice's profile.
            String commands =
                    printed.substring(printed.indexOf("Get a dev OIDC token"), printed.indexOf("Ctrl-C stops"));
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

            // Patrol itself logged no error on a fresh start (its topics created a moment before).
            List<String> errors = Files.readAllLines(Path.of("target/run-local-app.log")).stream()
                    .filter(l -> l.contains(" ERROR [dev.patrol"))
                    .toList();
            assertEquals(List.of(), errors);

            List<Integer> infraPorts = infrastructurePorts();
            assertEquals(2, infraPorts.size(), "PostgreSQL and Kafka ports in the ready file");

            run.terminate(Duration.ofMinutes(1));
            assertTrue(run.output().contains("[patrol] stopped."), run.output());
            assertEquals(List.of(), run.survivors(Duration.ofSeconds(30)), "processes left behind");
            assertFalse(ScriptRun.listening(port), "Patrol still listening");
            infraPorts.forEach(p -> assertFalse(ScriptRun.listening(p), "PostgreSQL or Kafka still listening on " + p));
        } finally {
            try (var walk = Files.walk(data)) {
                walk.sorted(java.util.Comparator.reverseOrder())
                        .forEach(p -> p.toFile().delete());
            }
        }
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
}
