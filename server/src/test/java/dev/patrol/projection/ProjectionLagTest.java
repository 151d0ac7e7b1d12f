package dev.patrol.projection;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.inject.Inject;

import dev.patrol.config.PatrolConfig;
import dev.patrol.support.Api;
import dev.patrol.support.Management;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * How far the projector is behind the events topic is in /q/metrics, and 0 once it has folded all;
 * so is how many of the topic's partitions it holds.
 */
@QuarkusTest
class ProjectionLagTest {

    static final Pattern LAG = Pattern.compile("(?m)^patrol_projection_lag(\\{[^}]*\\})? ([-0-9.E]+)$");

    @Inject
    PatrolConfig config;

    @Test
    void theProjectorsLagIsPublishedAndFallsToZeroOnceEverythingIsFolded() {
        Api.create("bob", "lag", "code:read").statusCode(201);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            Matcher m = LAG.matcher(io.restassured.RestAssured.given()
                    .baseUri(Management.url())
                    .get("/q/metrics")
                    .asString());
            assertTrue(m.find(), "no patrol_projection_lag in /q/metrics");
            assertEquals(0.0, Double.parseDouble(m.group(2)));
        });
    }

    @Test
    void anInstanceAloneInItsGroupProjectsEveryPartitionAndSaysSo() {
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertEquals(
                        config.topics().events().partitions(),
                        Management.metric("patrol_projection_partitions"),
                        "patrol_projection_partitions in /q/metrics"));
    }
}
