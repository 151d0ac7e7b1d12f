package dev.patrol.foundation;

import java.time.Duration;
import java.util.UUID;

import jakarta.inject.Inject;

import io.quarkus.test.junit.QuarkusTest;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.hasItem;

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
