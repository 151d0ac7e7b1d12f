package dev.patrol.foundation;

import dev.patrol.support.Management;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

@QuarkusTest
class HealthTest {

    @Test
    void readinessIsUpWithDatabaseKafkaAndSchema() {
        given().baseUri(Management.url())
                .get("/q/health/ready")
                .then()
                .statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItems("schema", "kafka"))
                .body("checks.find { it.name == 'schema' }.status", equalTo("UP"))
                .body("checks.find { it.name == 'kafka' }.status", equalTo("UP"));
    }

    @Test
    void readinessAsksTheKafkaClusterNotEachClientsConnections() {
        // The messaging channels' readiness counts one client's sockets: an idle producer has none for
        // a moment when its broker restarts. Kafka's readiness is Patrol's own cluster check.
        given().baseUri(Management.url())
                .get("/q/health/ready")
                .then()
                .statusCode(200)
                .body("checks.findAll { it.name.contains('Messaging') && it.data != null }.size()", equalTo(0));
    }

    @Test
    void livenessIsUp() {
        given().baseUri(Management.url())
                .get("/q/health/live")
                .then()
                .statusCode(200)
                .body("status", equalTo("UP"));
    }

    @Test
    void metricsAndOpenApiAreServed() {
        given().baseUri(Management.url())
                .get("/q/metrics")
                .then()
                .statusCode(200)
                .body(containsString("jvm_memory_used_bytes"));
        given().baseUri(Management.url())
                .accept("application/json")
                .get("/q/openapi")
                .then()
                .statusCode(200)
                .body("paths", org.hamcrest.Matchers.hasKey("/api/v1/profile"));
    }

    @Test
    void theApplicationPortPublishesNoManagementEndpoint() {
        for (String path : java.util.List.of("/q/metrics", "/q/health/ready", "/q/openapi")) {
            given().get(path).then().statusCode(404);
        }
    }
}
