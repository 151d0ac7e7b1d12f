package dev.patrol.identity;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import dev.patrol.config.PatrolConfig;
import dev.patrol.eventlog.KafkaClients;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.jboss.logging.Logger;

/**
 * Consumes identity lifecycle events in a consumer group (one instance acts on each event) and
 * commits an event's offset only once it has been applied: a crash or an outage retries it, and
 * applying it twice changes nothing more. A record that is not an event Patrol understands is
 * logged, counted ({@code patrol_identity_events_unreadable_total}) and passed over.
 */
@ApplicationScoped
public class IdentityListener {

    private static final Logger LOG = Logger.getLogger(IdentityListener.class);

    @Inject
    PatrolConfig config;

    @Inject
    KafkaClients kafka;

    @Inject
    IdentityEventCodec codec;

    @Inject
    IdentityChanges changes;

    private final Counter unreadable;
    private volatile boolean running;
    private Thread thread;
    private KafkaConsumer<String, String> consumer;

    @Inject
    public IdentityListener(MeterRegistry registry) {
        unreadable = registry.counter("patrol.identity.events.unreadable");
    }

    void onStart(@Observes @Priority(30) StartupEvent event) {
        consumer = kafka.consumer(
                "identity",
                Map.of(
                        ConsumerConfig.GROUP_ID_CONFIG,
                        "patrol-identity",
                        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                        "earliest",
                        ConsumerConfig.MAX_POLL_RECORDS_CONFIG,
                        100,
                        ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG,
                        50));
        running = true;
        thread = new Thread(this::run, "identity-listener");
        thread.setDaemon(true);
        thread.start();
    }

    void onStop(@Observes ShutdownEvent event) {
        running = false;
        if (consumer != null) {
            consumer.wakeup();
        }
        if (thread != null) {
            try {
                thread.join(TimeUnit.SECONDS.toMillis(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void run() {
        KafkaConsumer<String, String> c = consumer;
        try (c) {
            c.subscribe(List.of(config.topics().identity().name()));
            while (running) {
                try {
                    for (ConsumerRecord<String, String> r : c.poll(Duration.ofMillis(500))) {
                        handle(r);
                        c.commitSync(Map.of(
                                new TopicPartition(r.topic(), r.partition()), new OffsetAndMetadata(r.offset() + 1)));
                    }
                } catch (WakeupException e) {
                    break;
                } catch (RuntimeException e) {
                    // Not applied (database or broker away): go back to the last committed offsets and retry.
                    LOG.errorf("identity listener: %s; retrying", e.toString());
                    pause();
                    try {
                        // Rejoining makes the group hand out positions from the committed offsets again.
                        c.unsubscribe();
                        c.subscribe(List.of(config.topics().identity().name()));
                    } catch (RuntimeException again) {
                        LOG.errorf("identity listener: %s", again.toString());
                    }
                }
            }
        }
    }

    private void handle(ConsumerRecord<String, String> r) {
        IdentityChange change;
        try {
            change = codec.fromKafka(r.headers(), r.value());
        } catch (IdentityEventCodec.UnreadableEvent e) {
            unreadable.increment();
            LOG.errorf("ignoring identity record %s-%d@%d: %s", r.topic(), r.partition(), r.offset(), e.getMessage());
            return;
        }
        changes.apply(change, IdentityChanges.identityProvider()).await().atMost(Duration.ofSeconds(60));
    }

    private static void pause() {
        try {
            Thread.sleep(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
