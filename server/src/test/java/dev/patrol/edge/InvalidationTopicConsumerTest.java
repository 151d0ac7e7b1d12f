package dev.patrol.edge;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.patrol.domain.TokenSecrets;
import dev.patrol.support.Pats;
import io.quarkus.test.junit.QuarkusTest;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import static dev.patrol.support.Api.as;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A sample outside consumer of the revocation broadcast, written with nothing but the Kafka client
 * and a JSON parser, as docs/invalidations.md describes it.
 */
@QuarkusTest
class InvalidationTopicConsumerTest {

    @Test
    void outsideConsumerSeesARevocationAsACloudEventWithTheDeadHash() throws Exception {
        String topic = "patrol.token-invalidations.v1";
        Properties p = new Properties();
        p.put(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class));
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "sample-outside-consumer");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        try (KafkaConsumer<String, String> consumer =
                new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> parts = consumer.partitionsFor(topic).stream()
                    .map(i -> new TopicPartition(topic, i.partition()))
                    .toList();
            consumer.assign(parts);
            consumer.seekToEnd(parts);
            parts.forEach(consumer::position);

            Pats.Pat pat = Pats.create("alice", "code:read");
            as("alice").delete("/api/v1/tokens/" + pat.id()).then().statusCode(204);

            ConsumerRecord<String, String> found = null;
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (found == null && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    if (r.key().equals(pat.id())) {
                        found = r;
                    }
                }
            }
            assertTrue(found != null, "the revocation was broadcast");
            Map<String, String> headers = new HashMap<>();
            for (Header h : found.headers()) {
                headers.put(h.key(), new String(h.value(), StandardCharsets.UTF_8));
            }
            assertEquals("1.0", headers.get("ce_specversion"));
            assertEquals("dev.patrol.token.invalidated.v1", headers.get("ce_type"));
            assertEquals(pat.id(), headers.get("ce_subject"));
            assertEquals("application/json", headers.get("content-type"));
            JsonNode data = new ObjectMapper().readTree(found.value());
            assertEquals("revoked", data.get("reason").asText());
            assertEquals("owner", data.get("revokeReason").asText());
            assertEquals(headers.get("ce_id"), data.get("eventId").asText());
            assertEquals(
                    TokenSecrets.hash(pat.secret()),
                    data.get("deadSecretHashes").get(0).asText());
            assertTrue(!found.value().contains(pat.secret().substring(4)), "no plaintext in the broadcast");
        }
    }
}
