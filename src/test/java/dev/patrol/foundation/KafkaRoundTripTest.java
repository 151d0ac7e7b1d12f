package dev.patrol.foundation;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.hasItem;

import java.time.Duration;
import java.util.UUID;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class KafkaRoundTripTest {

    @Inject
    KafkaProbe probe;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Test
    void recordProducedByTheAppIsConsumedByTheAppThroughTheBroker() {
        Assertions.assertFalse(bootstrapServers.isBlank());
        String payload = "probe-" + UUID.randomUUID();
        probe.send(payload);
        await().atMost(Duration.ofSeconds(30)).until(probe::received, hasItem(payload));
    }
}
