package dev.patrol.deploy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.marcnuri.helm.Helm;
import dev.patrol.support.Management;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Lints and renders helm/patrol with its defaults and with production-like values, and checks the
 * manifests against the application itself (a @QuarkusTest, so probe paths are asked of the app).
 */
@QuarkusTest
class HelmChartTest {

    static final List<RenderedChart> RENDERINGS = List.of(
            RenderedChart.render(null, Map.of()), RenderedChart.render(RenderedChart.PRODUCTION_VALUES, Map.of()));

    @Test
    void chartLintsCleanly() {
        var result = new Helm(RenderedChart.CHART).lint().strict().call();
        assertFalse(result.isFailed(), String.join("\n", result.getMessages()));
    }

    @Test
    void probePathsExistInTheApplication() {
        for (RenderedChart chart : RENDERINGS) {
            JsonNode c = chart.container();
            for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
                String path = c.at("/" + probe + "/httpGet/path").asText();
                assertFalse(path.isEmpty(), probe);
                assertEquals("management", c.at("/" + probe + "/httpGet/port").asText(), probe);
                given().baseUri(Management.url()).get(path).then().statusCode(200);
            }
        }
    }

    @Test
    void everyEnvironmentVariableIsConfigurationTheApplicationReads() {
        for (RenderedChart chart : RENDERINGS) {
            Map<String, String> env = chart.environment();
            List<String> unknown = new ArrayList<>();
            env.keySet().forEach(name -> {
                if (ChartEnvironment.readBy(name, env) == null && !ChartEnvironment.onlyExpanded(name, env)) {
                    unknown.add(name);
                }
            });
            assertTrue(unknown.isEmpty(), "the chart sets variables the application does not read: " + unknown);
        }
    }

    @Test
    void dockerComposeUsesTheSameConfigurationAsTheChart() throws Exception {
        JsonNode compose = new com.fasterxml.jackson.dataformat.yaml.YAMLMapper()
                .readTree(java.nio.file.Path.of("../docker/docker-compose.yml").toFile());
        Map<String, String> env = new java.util.LinkedHashMap<>();
        compose.at("/services/patrol/environment")
                .fields()
                .forEachRemaining(e -> env.put(e.getKey(), e.getValue().asText()));
        List<String> unknown = env.keySet().stream()
                .filter(n -> ChartEnvironment.readBy(n, env) == null)
                .toList();
        assertTrue(unknown.isEmpty(), "docker-compose sets variables the application does not read: " + unknown);
        Map<String, String> chartEnv = RENDERINGS.get(0).environment();
        for (String required :
                List.of("QUARKUS_DATASOURCE_REACTIVE_URL", "KAFKA_BOOTSTRAP_SERVERS", "QUARKUS_OIDC_AUTH_SERVER_URL")) {
            assertTrue(env.containsKey(required) && chartEnv.containsKey(required), required);
        }
    }

    @Test
    void theCheckCanFail() {
        Map<String, String> env = Map.of("PATROL_TOKENS_PREFIXX", "x", "QUARKUS_OIDC_AUTH_SERVER_URLL", "y");
        assertEquals(null, ChartEnvironment.readBy("PATROL_TOKENS_PREFIXX", env));
        assertEquals(null, ChartEnvironment.readBy("QUARKUS_OIDC_AUTH_SERVER_URLL", env));
        assertEquals(null, ChartEnvironment.readBy("KAFKA_BOOTSTRAP_SERVER", env));
        assertNotNull(ChartEnvironment.readBy("PATROL_TOPICS_EVENTS_REPLICATION_FACTOR", env));
        assertNotNull(ChartEnvironment.readBy("KAFKA_SASL_JAAS_CONFIG", env));
    }

    @Test
    void secretsNeverAppearInConfigMaps() {
        for (RenderedChart chart : RENDERINGS) {
            for (JsonNode cm : chart.ofKind("ConfigMap")) {
                cm.path("data")
                        .fieldNames()
                        .forEachRemaining(k -> assertFalse(
                                k.matches(".*(PASSWORD|SECRET|JAAS|CREDENTIAL|TOKEN_KEY|SIGNING_KEYS).*"),
                                "secret-like key in a ConfigMap: " + k));
            }
            chart.container().path("env").forEach(e -> {
                String name = e.path("name").asText();
                if (name.matches(".*(PASSWORD|USERNAME).*")) {
                    assertTrue(e.at("/valueFrom/secretKeyRef/name").isTextual(), name + " must come from a Secret");
                }
            });
        }
    }

    @Test
    void podIsHardenedAndRollsOnConfigChange() {
        for (RenderedChart chart : RENDERINGS) {
            JsonNode pod = chart.one("Deployment").at("/spec/template");
            assertTrue(pod.at("/spec/securityContext/runAsNonRoot").asBoolean());
            assertTrue(chart.container()
                    .at("/securityContext/readOnlyRootFilesystem")
                    .asBoolean());
            assertEquals(
                    "/tmp", chart.container().at("/volumeMounts/0/mountPath").asText());
            assertTrue(pod.at("/metadata/annotations/checksum~1config").isTextual());
            assertTrue(chart.container().at("/resources/limits/memory").isTextual());
        }
        RenderedChart prod = RENDERINGS.get(1);
        prod.one("Ingress");
        prod.one("HorizontalPodAutoscaler");
        prod.one("NetworkPolicy");
        prod.one("ServiceMonitor");
        prod.one("PodDisruptionBudget");
        prod.one("ServiceAccount");
        assertTrue(prod.environment().get("KAFKA_SASL_JAAS_CONFIG").contains("ScramLoginModule"));
    }

    @Test
    void configChangeChangesTheChecksum() {
        String a = RENDERINGS
                .get(0)
                .one("Deployment")
                .at("/spec/template/metadata/annotations/checksum~1config")
                .asText();
        String b = RenderedChart.render(null, Map.of("tokens.prefix", "other"))
                .one("Deployment")
                .at("/spec/template/metadata/annotations/checksum~1config")
                .asText();
        assertFalse(a.equals(b));
    }

    @Test
    void badValuesFailAtInstallTime() {
        assertThrows(
                RuntimeException.class, () -> RenderedChart.render(null, Map.of("kafka.securityProtocol", "SASL_TLS")));
        assertThrows(RuntimeException.class, () -> RenderedChart.render(null, Map.of("replicaCount", 0)));
        assertThrows(
                RuntimeException.class,
                () -> RenderedChart.render(null, Map.of("oidc.authServerUrl", "idp.example.com")));
    }

    @Test
    void managementPortIsNeitherRoutedByTheIngressNorOpenToEveryone() {
        RenderedChart production = RENDERINGS.get(1);
        JsonNode ingress = production.ofKind("Ingress").get(0);
        ingress.findValues("port")
                .forEach(p -> assertEquals("http", p.path("name").asText()));
        JsonNode monitor = production.ofKind("ServiceMonitor").get(0);
        assertEquals("management", monitor.at("/spec/endpoints/0/port").asText());
        JsonNode policy = production.ofKind("NetworkPolicy").get(0).path("spec");
        boolean managementRestricted = false;
        for (JsonNode rule : policy.path("ingress")) {
            boolean management = rule.at("/ports/0/port").asText().equals("management");
            if (management) {
                managementRestricted = rule.path("from").size() > 0;
            }
        }
        assertTrue(managementRestricted, policy.toString());
    }

    @Test
    void anAudienceIsRequiredUnlessExplicitlyWaivedAsUnsafe() {
        assertEquals("patrol", RENDERINGS.get(0).environment().get("QUARKUS_OIDC_TOKEN_AUDIENCE"));
        assertThrows(RuntimeException.class, () -> RenderedChart.render(null, Map.of("oidc.audience", "")));
        Map<String, String> waived = RenderedChart.render(
                        null, Map.of("oidc.audience", "", "oidc.unsafeAcceptAnyAudience", true))
                .environment();
        assertEquals("true", waived.get("PATROL_IDENTITY_UNSAFE_ACCEPT_ANY_AUDIENCE"));
        assertFalse(waived.containsKey("QUARKUS_OIDC_TOKEN_AUDIENCE"));
    }

    @Test
    void theManagementPortIsClosedToAllButPrometheusByDefault() {
        for (RenderedChart chart : RENDERINGS) {
            chart.one("NetworkPolicy");
        }
    }

    @Test
    void theIssuerIsAlwaysConfigured() {
        for (RenderedChart chart : RENDERINGS) {
            assertTrue(chart.environment().get("PATROL_INTROSPECTION_ISSUER").startsWith("https://"));
        }
        assertEquals(
                "https://patrol.acme.example",
                RenderedChart.render(null, Map.of("publicUrl", "https://patrol.acme.example"))
                        .environment()
                        .get("PATROL_INTROSPECTION_ISSUER"));
    }

    @Test
    void webPagesRedirectWithHttpsWithoutBelievingClientsForwardingHeaders() {
        Map<String, String> env = RenderedChart.render(
                        null, Map.of("ui.enabled", true, "ui.existingSecret", "patrol-ui"))
                .environment();
        assertEquals("true", env.get("QUARKUS_OIDC_UI_AUTHENTICATION_FORCE_REDIRECT_HTTPS_SCHEME"));
        assertFalse(env.containsKey("QUARKUS_HTTP_PROXY_PROXY_ADDRESS_FORWARDING"));
    }

    @Test
    void signedJwtsAreOffUntilASecretOfKeysIsNamedAndTheKeysComeFromIt() {
        assertFalse(RenderedChart.render(null, Map.of()).environment().containsKey("PATROL_JWT_SIGNING_KEY_ID"));
        Map<String, String> env = RenderedChart.render(
                        null,
                        Map.of(
                                "jwt.existingSecret",
                                "patrol-jwt",
                                "jwt.signingKeyId",
                                "k2",
                                "jwt.audiences",
                                "orders-api"))
                .environment();
        assertEquals("k2", env.get("PATROL_JWT_SIGNING_KEY_ID"));
        assertEquals("orders-api", env.get("PATROL_JWT_AUDIENCES"));
        assertThrows(
                RuntimeException.class,
                () -> RenderedChart.render(null, Map.of("jwt.existingSecret", "patrol-jwt", "jwt.audiences", "a")));
    }

    @Test
    void rolesAndOrganizationsComeFromDifferentClaims() {
        for (RenderedChart chart : RENDERINGS) {
            assertNotNull(chart.environment().get("QUARKUS_OIDC_ROLES_ROLE_CLAIM_PATH"));
            // The web pages' tenant reads roles from the same claim, not from Quarkus' fallback.
            assertEquals(
                    chart.environment().get("QUARKUS_OIDC_ROLES_ROLE_CLAIM_PATH"),
                    chart.environment().get("QUARKUS_OIDC_UI_ROLES_ROLE_CLAIM_PATH"));
        }
        assertThrows(
                RuntimeException.class,
                () -> RenderedChart.render(
                        null, Map.of("oidc.rolesClaim", "groups", "oidc.organizationsClaim", "groups")));
    }
}
