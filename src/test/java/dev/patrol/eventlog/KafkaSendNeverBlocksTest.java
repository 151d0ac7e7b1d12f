package dev.patrol.eventlog;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A broker that accepts connections and never answers: {@code KafkaProducer.send} then blocks its
 * caller waiting for metadata. Patrol's sends are subscribed to on event loops (after a database
 * answer), where that would stall every request the loop serves; they must return at once and fail
 * within the producer's bound instead.
 */
class KafkaSendNeverBlocksTest {

    @Test
    void aSendToAHungBrokerNeitherBlocksItsCallerNorWaitsForever() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            KafkaClients kafka = new KafkaClients(Map.of("bootstrap.servers", "127.0.0.1:" + silent.getLocalPort()));
            var producer = kafka.producer("hung-broker-test");
            try {
                CompletableFuture<RecordMetadata> sent = new CompletableFuture<>();
                long t0 = System.nanoTime();
                KafkaClients.send(producer, new ProducerRecord<>("never-seen", "key", "value"))
                        .subscribe()
                        .with(sent::complete, sent::completeExceptionally);
                long blockedMs = (System.nanoTime() - t0) / 1_000_000;
                assertTrue(blockedMs < 1000, "subscribing blocked the caller for " + blockedMs + " ms");
                // ... and it does not wait forever: the producer gives up on metadata after max.block.ms.
                assertThrows(ExecutionException.class, () -> sent.get(15, TimeUnit.SECONDS));
            } finally {
                producer.close(Duration.ZERO);
            }
        }
    }
}
