package dev.patrol.support;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Another Patrol instance: the packaged application (target/quarkus-app, %prod profile) started as
 * a separate JVM against the same Kafka, the same OIDC provider, and PostgreSQL through a proxy the
 * test can cut.
 */
public final class SecondInstance implements AutoCloseable {

    /** The ahead-of-time cache of the packaged application (JDK 25), where the image expects it. */
    public static final Path AOT_CACHE = Path.of("target/quarkus-app/app.aot");

    static final Path DOCKERFILE = Path.of("../docker/Dockerfile.jvm");

    private final Process process;
    private final int port;
    private final int managementPort;
    private final TcpProxy database;
    private final Path log;

    private SecondInstance(Process process, int port, int managementPort, TcpProxy database, Path log) {
        this.process = process;
        this.port = port;
        this.managementPort = managementPort;
        this.database = database;
        this.log = log;
    }

    public static SecondInstance start() throws Exception {
        return start(Map.of());
    }

    /** Started with {@code environment} added to (or replacing) what joins it to the test's Patrol. */
    public static SecondInstance start(Map<String, String> environment) throws Exception {
        return start(List.of(), environment);
    }

    /**
     * Started with the container image's JVM options compiling with C1 only (but for a training of the
     * ahead-of-time cache), then {@code jvmOptions} (later flags win), and
     * with {@code environment} added to (or replacing) what joins it to the test's Patrol.
     */
    public static SecondInstance start(List<String> jvmOptions, Map<String, String> environment) throws Exception {
        Path jar = Path.of("target/quarkus-app/quarkus-run.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException(
                    "package the application first (this test runs in the integration-test phase)");
        }
        Config config = ConfigProvider.getConfig();
        URI reactive = URI.create(
                config.getValue("quarkus.datasource.reactive.url", String.class).replaceFirst("^vertx-reactive:", ""));
        TcpProxy proxy = new TcpProxy(reactive.getPort());
        int port = freePort();
        int managementPort = freePort();
        Path log = Path.of("target/second-instance-" + port + ".log"); // one each: some tests run several
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(imageJvmOptions());
        command.add("-Xmx256m");
        if (jvmOptions.stream().noneMatch(o -> o.startsWith("-XX:AOTCacheOutput"))) {
            // C1 only: a test's instance lives seconds to minutes, and C2 compiling for an instance
            // that never warms up cost the suite ~40 instance starts x ~3 s of CPU on 2 cores
            // (BENCHMARKS.md, "The build's own time"). The cache's training keeps the image's JIT:
            // its recorded profiles are what the image starts from.
            command.add("-XX:TieredStopAtLevel=1");
        }
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", jar.toString()));
        ProcessBuilder pb =
                new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> env = pb.environment();
        env.put("QUARKUS_HTTP_PORT", Integer.toString(port));
        env.put("QUARKUS_MANAGEMENT_PORT", Integer.toString(managementPort));
        env.put("QUARKUS_DATASOURCE_REACTIVE_URL", "postgresql://127.0.0.1:" + proxy.port() + reactive.getPath());
        env.put("QUARKUS_DATASOURCE_USERNAME", config.getValue("quarkus.datasource.username", String.class));
        env.put("QUARKUS_DATASOURCE_PASSWORD", config.getValue("quarkus.datasource.password", String.class));
        env.put("KAFKA_BOOTSTRAP_SERVERS", config.getValue("kafka.bootstrap.servers", String.class));
        env.put("QUARKUS_OIDC_AUTH_SERVER_URL", config.getValue("quarkus.oidc.auth-server-url", String.class));
        env.put("QUARKUS_OIDC_CLIENT_ID", config.getValue("quarkus.oidc.client-id", String.class));
        // The dev OIDC provider's tokens carry no "aud" and put roles in "groups".
        env.put("PATROL_IDENTITY_UNSAFE_ACCEPT_ANY_AUDIENCE", "true");
        env.put("QUARKUS_OIDC_ROLES_ROLE_CLAIM_PATH", "groups");
        env.put("PATROL_SIGNING_KEYS", config.getValue("patrol.signing.keys", String.class));
        env.put("PATROL_SIGNING_KEY_ID", config.getValue("patrol.signing.key-id", String.class));
        env.put("PATROL_INTROSPECTION_ISSUER", "http://localhost:" + port);
        // The image waits 5 s after SIGTERM for Kubernetes to stop routing to it (readiness DOWN);
        // nothing routes to a test's instance, and the suite stops them 28 times. A test of the
        // graceful stop itself sets it back.
        env.put("QUARKUS_SHUTDOWN_DELAY", "0S");
        // The embedded Kafka is one broker: its topics cannot keep two in-sync replicas.
        env.put("PATROL_TOPICS_ALLOW_UNSAFE_REPLICATION", "true");
        env.putAll(environment);
        long t0 = System.nanoTime();
        Process p = pb.start();
        SecondInstance instance = new SecondInstance(p, port, managementPort, proxy, log);
        instance.awaitReady();
        System.out.printf(
                "[second instance] launch to ready %d ms (%s)%n",
                (System.nanoTime() - t0) / 1_000_000,
                command.stream()
                        .filter(o -> o.startsWith("-XX:AOTCache"))
                        .findFirst()
                        .orElse("no AOT cache"));
        return instance;
    }

    /**
     * JAVA_OPTS of docker/Dockerfile.jvm, so that instances run as the image runs them, with the image's
     * ahead-of-time cache path replaced by the build's ({@link #AOT_CACHE}, trained by
     * AheadOfTimeCacheIT) when that exists and this JDK reads it, and dropped otherwise.
     */
    static List<String> imageJvmOptions() throws IOException {
        Matcher m = Pattern.compile("(?m)^ENV JAVA_OPTS=\"(.*)\"$").matcher(Files.readString(DOCKERFILE));
        if (!m.find()) {
            throw new IllegalStateException("no JAVA_OPTS in " + DOCKERFILE);
        }
        List<String> options = new ArrayList<>();
        for (String option : m.group(1).split(" +")) {
            if (!option.startsWith("-XX:AOTCache=")) {
                options.add(option);
            } else if (Files.exists(AOT_CACHE) && Runtime.version().feature() >= 25) {
                options.add("-XX:AOTCache=" + AOT_CACHE);
            }
        }
        return options;
    }

    public String baseUrl() {
        return "http://localhost:" + port;
    }

    /** Health, metrics and OpenAPI. */
    public String managementUrl() {
        return "http://localhost:" + managementPort;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** What the instance has logged so far. */
    public String logText() throws IOException {
        return Files.readString(log);
    }

    public TcpProxy database() {
        return database;
    }

    private void awaitReady() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("second instance exited: " + Files.readString(log));
            }
            try {
                var r = http.send(
                        HttpRequest.newBuilder(URI.create(managementUrl() + "/q/health/ready"))
                                .build(),
                        HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("second instance not ready in 90 s: " + Files.readString(log));
    }

    /** SIGKILL, as the OOM killer or a lost node ends a pod: no leave, no flush, no goodbye. */
    public void kill() throws Exception {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
        database.close();
    }

    @Override
    public void close() throws Exception {
        close(Duration.ofSeconds(30));
    }

    /** SIGTERM, and SIGKILL if it has not exited after {@code grace}. */
    public void close(Duration grace) throws Exception {
        process.destroy(); // SIGTERM: graceful
        if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
        }
        database.close();
    }
}
