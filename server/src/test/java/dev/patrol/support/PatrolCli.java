package dev.patrol.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.openqa.selenium.By;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The command line as a person runs it: the launcher {@code cli/patrol} and the jar the build made,
 * in a home folder of its own (its store, and git's global configuration, nowhere else), with git
 * never prompting and no browser opened by the CLI: a test drives the sign-in in Chromium.
 */
public final class PatrolCli {

    static final Path LAUNCHER = ScriptRun.REPOSITORY.resolve("cli/patrol");
    static final Path JAR = ScriptRun.REPOSITORY.resolve("cli/target/patrol.jar");

    /** What a run printed and how it ended. */
    public record Run(int exit, String out, String err) {
        public Run ok() {
            assertEquals(0, exit, "exit " + exit + "\nstdout: " + out + "\nstderr: " + err);
            return this;
        }
    }

    public final Path home;

    /** The session bus of an OS credential store the CLI may use; null: none (a server, CI). */
    private String sessionBus;

    private PatrolCli(Path home) {
        this.home = home;
    }

    /** This person's CLI sees the OS credential store {@code service}, as on a desktop. */
    public PatrolCli withSecretService(SecretService service) {
        this.sessionBus = service.address;
        return this;
    }

    public static PatrolCli inNewHome() throws IOException {
        assertTrue(
                Files.isRegularFile(JAR),
                "no " + JAR + ": build the CLI first (./mvnw -B verify builds it before the service)");
        return new PatrolCli(Files.createTempDirectory("patrol-cli-home-"));
    }

    /** Another run of the CLI for the person whose home is {@code home} (another terminal, another session). */
    public static PatrolCli at(Path home) {
        return new PatrolCli(home);
    }

    public Path store() {
        return home.resolve(".config/patrol");
    }

    public Run run(String... args) throws Exception {
        return withInput(null, args);
    }

    /** The CLI with {@code stdin} as its input (git's credential requests). */
    public Run withInput(String stdin, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(LAUNCHER.toString()));
        command.addAll(List.of(args));
        return exec(home.toFile(), stdin, command);
    }

    /** git in {@code dir} with this home's global configuration (where patrol git setup writes). */
    public Run git(Path dir, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("git"));
        command.addAll(List.of(args));
        return exec(dir.toFile(), null, command);
    }

    /** {@code patrol login SERVER}, signing in as {@code user} on the dev provider's page in Chromium. */
    public void login(String server, String user) throws Exception {
        Process p = builder(home.toFile(), List.of(LAUNCHER.toString(), "login", server))
                .start();
        p.getOutputStream().close();
        CompletableFuture<String> out = drain(p.getInputStream());
        StringBuilder err = new StringBuilder();
        String url = null;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8))) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                err.append(line).append('\n');
                if (url == null && line.strip().startsWith("http") && line.contains("/authorize?")) {
                    url = line.strip();
                    try (Browser browser = Browser.start()) {
                        browser.driver.get(url);
                        browser.await(By.name("predefined-" + user)).click();
                        browser.await(By.tagName("p")); // the CLI's own "Signed in" page
                    }
                }
            }
        }
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "patrol login did not end");
        assertEquals(0, p.exitValue(), "patrol login: " + err + out.join());
        assertTrue(url != null, "patrol login printed no address to open: " + err);
    }

    /**
     * {@code patrol login --device SERVER}: {@code person} reads the user code the CLI printed and
     * enters it at the provider (the test's issuer), as someone on another device would.
     */
    public Run loginWithDevice(String server, java.util.function.Consumer<String> person) throws Exception {
        Process p = builder(home.toFile(), List.of(LAUNCHER.toString(), "login", "--device", server))
                .start();
        p.getOutputStream().close();
        CompletableFuture<String> out = drain(p.getInputStream());
        StringBuilder err = new StringBuilder();
        java.util.regex.Pattern code = java.util.regex.Pattern.compile("enter the code (\\S+)");
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8))) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                err.append(line).append('\n');
                java.util.regex.Matcher m = code.matcher(line);
                if (m.find()) {
                    person.accept(m.group(1));
                }
            }
        }
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "patrol login --device did not end");
        return new Run(p.exitValue(), out.join(), err.toString());
    }

    private Run exec(java.io.File dir, String stdin, List<String> command) throws Exception {
        Process p = builder(dir, command).start();
        CompletableFuture<String> out = drain(p.getInputStream());
        CompletableFuture<String> err = drain(p.getErrorStream());
        try (var in = p.getOutputStream()) {
            if (stdin != null) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
        }
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), String.join(" ", command) + " did not end");
        return new Run(p.exitValue(), out.join(), err.join());
    }

    private ProcessBuilder builder(java.io.File dir, List<String> command) {
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir);
        Map<String, String> env = pb.environment();
        env.put("HOME", home.toString());
        env.remove("XDG_CONFIG_HOME");
        env.remove("PATROL_CONFIG_DIR");
        env.put("GIT_CONFIG_GLOBAL", home.resolve(".gitconfig").toString());
        env.put("GIT_CONFIG_NOSYSTEM", "1");
        env.put("GIT_TERMINAL_PROMPT", "0");
        env.put("PATROL_BROWSER", "none");
        // Only the store a test gives: a developer's own keyring must not serve (or receive) test secrets.
        env.remove("XDG_RUNTIME_DIR");
        env.remove("PATROL_SECRET_STORE");
        if (sessionBus == null) {
            env.remove("DBUS_SESSION_BUS_ADDRESS");
        } else {
            env.put("DBUS_SESSION_BUS_ADDRESS", sessionBus);
        }
        return pb;
    }

    /**
     * Reads a stream to its end on a thread of its own: on two cores the common pool has one thread,
     * which Selenium's WebSocket to Chromium needs while the CLI waits for the sign-in.
     */
    private static CompletableFuture<String> drain(java.io.InputStream in) {
        CompletableFuture<String> text = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                text.complete(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                text.complete("");
            }
        });
        t.setDaemon(true);
        t.start();
        return text;
    }
}
