package dev.patrol.deploy;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The packaged application (%prod) started with exactly the environment the Helm chart renders,
 * pointed at the embedded PostgreSQL and Kafka and the dev OIDC provider of this test run.
 */
@QuarkusTest
class ProductionStartIT {

    static final Path JAR = Path.of("target/quarkus-app/quarkus-run.jar");
    final HttpClient http = HttpClient.newHttpClient();

    @Test
    void startsReadyWithTheChartEnvironmentAndDrainsOnSigterm() throws Exception {
        int managementPort = freePort();
        Launch launch = withTheChartEnvironment("target/prod-start.log", managementPort);
        ProcessBuilder pb = launch.process();
        // The embedded Kafka is one broker, its topics one replica each (the next test: refused without this).
        pb.environment().put("PATROL_TOPICS_ALLOW_UNSAFE_REPLICATION", "true");
        Process p = pb.start();
        try {
            awaitStatus(managementPort, 200, 90);
            String probe = launch.chart()
                    .container()
                    .at("/readinessProbe/httpGet/path")
                    .asText();
            assertEquals(200, status(managementPort, probe));
            p.destroy(); // SIGTERM, as Kubernetes sends it
            awaitStatus(managementPort, 503, 5); // readiness DOWN first, while still serving
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "stops within the grace period");
            assertEquals(
                    0, p.exitValue() == 143 ? 0 : p.exitValue(), Files.readString(Path.of("target/prod-start.log")));
        } finally {
            p.destroyForcibly();
        }
    }

    /**
     * The packaged application with exactly the environment the Helm chart renders, pointed at this
     * run's embedded PostgreSQL and Kafka and dev OIDC provider, on free ports.
     */
    private static Launch withTheChartEnvironment(String log, int managementPort) throws Exception {
        Config config = ConfigProvider.getConfig();
        RenderedChart chart = RenderedChart.render(
                null,
                Map.of(
                        "kafka.bootstrapServers", config.getValue("kafka.bootstrap.servers", String.class),
                        "postgres.url", config.getValue("quarkus.datasource.reactive.url", String.class),
                        "oidc.authServerUrl", config.getValue("quarkus.oidc.auth-server-url", String.class),
                        "oidc.clientId", config.getValue("quarkus.oidc.client-id", String.class),
                        "signing.keyId", config.getValue("patrol.signing.key-id", String.class)));
        Map<String, String> secrets = Map.of(
                "username", config.getValue("quarkus.datasource.username", String.class),
                "password", config.getValue("quarkus.datasource.password", String.class),
                "keys", config.getValue("patrol.signing.keys", String.class));
        int port = freePort();
        ProcessBuilder pb = javaJar(log);
        pb.environment().clear();
        pb.environment().put("PATH", System.getenv("PATH"));
        chart.environment().forEach((k, v) -> {
            if (v != null) {
                pb.environment().put(k, v);
            }
        });
        for (JsonNode e : chart.container().path("env")) {
            JsonNode ref = e.at("/valueFrom/secretKeyRef/key");
            if (ref.isTextual()) {
                pb.environment().put(e.path("name").asText(), secrets.get(ref.asText()));
            }
        }
        pb.environment()
                .put("QUARKUS_HTTP_PORT", Integer.toString(port)); // the container port is 8080; here it must be free
        pb.environment().put("QUARKUS_MANAGEMENT_PORT", Integer.toString(managementPort)); // 9000 in the chart
        return new Launch(pb, chart);
    }

    record Launch(ProcessBuilder process, RenderedChart chart) {}

    @Test
    void refusesToStartOnTopicsThatCanLoseAnAcknowledgedRecord() throws Exception {
        // The embedded broker's topics have one replica and min.insync.replicas=1.
        String log = "target/prod-unsafe-topics.log";
        Process p = withTheChartEnvironment(log, freePort()).process().start();
        try {
            assertTrue(p.waitFor(90, TimeUnit.SECONDS), "exits");
            String out = Files.readString(Path.of(log));
            assertTrue(p.exitValue() != 0, out);
            assertTrue(
                    out.contains("Patrol will not start: a record Kafka acknowledged can be lost")
                            && out.contains("topic patrol.token-events.v1 has min.insync.replicas=1 and 1 replica(s)")
                            && out.contains("patrol.topics.events.min-insync-replicas")
                            && out.contains("PATROL_TOPICS_ALLOW_UNSAFE_REPLICATION=true"),
                    out);
        } finally {
            p.destroyForcibly();
        }
    }

    @Test
    void refusesToStartNamingEveryMissingVariable() throws Exception {
        ProcessBuilder pb = javaJar("target/prod-missing.log");
        pb.environment().clear();
        pb.environment().put("PATH", System.getenv("PATH"));
        pb.environment().put("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:1");
        pb.environment().put("PATROL_UI_ENABLED", "true"); // the web pages need two secrets more
        Process p = pb.start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        String out = Files.readString(Path.of("target/prod-missing.log"));
        assertEquals(78, p.exitValue(), out);
        assertTrue(
                out.contains("QUARKUS_DATASOURCE_REACTIVE_URL")
                        && out.contains("QUARKUS_OIDC_AUTH_SERVER_URL")
                        && out.contains("QUARKUS_OIDC_TOKEN_AUDIENCE")
                        && out.contains("QUARKUS_OIDC_ROLES_ROLE_CLAIM_PATH")
                        && out.contains("PATROL_SIGNING_KEYS")
                        && out.contains("PATROL_INTROSPECTION_ISSUER")
                        && out.contains("QUARKUS_OIDC_UI_CREDENTIALS_SECRET")
                        && out.contains("QUARKUS_OIDC_UI_AUTHENTICATION_STATE_SECRET")
                        && !out.contains("KAFKA_BOOTSTRAP_SERVERS"),
                out);
        assertTrue(!out.contains("Exception"), out);
    }

    @Test
    void refusesToReadRolesAndOrganizationsFromOneClaim() throws Exception {
        String out = refusedStart(
                "target/prod-claims.log",
                Map.of(
                        "QUARKUS_OIDC_ROLES_ROLE_CLAIM_PATH",
                        "groups",
                        "PATROL_IDENTITY_ORGANIZATIONS_CLAIM",
                        "groups"));
        assertTrue(out.contains("both name \"groups\"") && !out.contains("set "), out);
    }

    @Test
    void refusesWebPagesThatReadRolesFromAnotherClaimThanTheApi() throws Exception {
        String out = refusedStart(
                "target/prod-ui-claims.log",
                Map.of(
                        "QUARKUS_OIDC_ROLES_ROLE_CLAIM_PATH", "realm_access/roles",
                        // where organizations may be
                        "QUARKUS_OIDC_UI_ROLES_ROLE_CLAIM_PATH", "groups"));
        assertTrue(out.contains("QUARKUS_OIDC_UI_ROLES_ROLE_CLAIM_PATH (\"groups\") differs"), out);
    }

    @Test
    void refusesJwtKeysItCannotSignWithNamingTheVariableNeverTheKey() throws Exception {
        String out = refusedStart(
                "target/prod-jwt.log",
                Map.of(
                        "QUARKUS_OIDC_ROLES_ROLE_CLAIM_PATH", "realm_access/roles",
                        // Not JSON at all, with something secret-looking in it: refused without being quoted.
                        "PATROL_JWT_KEYS", "{\"keys\":[{\"kty\":\"EC\",\"d\":\"SECRET-PART\"",
                        "PATROL_JWT_SIGNING_KEY_ID", "k1",
                        "PATROL_JWT_AUDIENCES", "orders-api"));
        assertTrue(out.contains("PATROL_JWT_KEYS: not a JWK Set") && !out.contains("SECRET-PART"), out);
    }

    /** What the packaged application printed when it refused to start (exit 78) with {@code env} over the required settings. */
    private static String refusedStart(String log, Map<String, String> env) throws Exception {
        ProcessBuilder pb = javaJar(log);
        everythingRequiredBut(pb);
        pb.environment().putAll(env);
        Process p = pb.start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        String out = Files.readString(Path.of(log));
        assertEquals(78, p.exitValue(), out);
        return out;
    }

    /** Every required setting but the roles claim (unreachable servers: the start check comes first). */
    private static void everythingRequiredBut(ProcessBuilder pb) {
        pb.environment().clear();
        pb.environment().put("PATH", System.getenv("PATH"));
        pb.environment().put("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:1");
        pb.environment().put("QUARKUS_DATASOURCE_REACTIVE_URL", "postgresql://127.0.0.1:1/patrol");
        pb.environment().put("QUARKUS_OIDC_AUTH_SERVER_URL", "http://127.0.0.1:1/realms/x");
        pb.environment().put("PATROL_IDENTITY_UNSAFE_ACCEPT_ANY_AUDIENCE", "true");
        pb.environment()
                .put("PATROL_SIGNING_KEYS", ConfigProvider.getConfig().getValue("patrol.signing.keys", String.class));
        pb.environment().put("PATROL_SIGNING_KEY_ID", "dev");
        pb.environment().put("PATROL_INTROSPECTION_ISSUER", "https://patrol.example.com");
    }

    private static ProcessBuilder javaJar(String log) {
        return new ProcessBuilder(List.of(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Xmx256m",
                        "-jar",
                        JAR.toString()))
                .redirectErrorStream(true)
                .redirectOutput(Path.of(log).toFile());
    }

    private void awaitStatus(int port, int expected, int seconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        int last = -1;
        while (System.nanoTime() < deadline) {
            last = status(port, "/q/health/ready");
            if (last == expected) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("readiness was " + last + ", expected " + expected);
    }

    private int status(int port, String path) {
        try {
            return http.send(
                            HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                                    .build(),
                            HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
