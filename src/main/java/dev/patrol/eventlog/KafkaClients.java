package dev.patrol.eventlog;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.smallrye.common.annotation.Identifier;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The one place Patrol's own Kafka clients are built. Every client shares the {@code kafka.*}
 * configuration (bootstrap servers, TLS, SASL: what operators set) and Patrol's defaults; callers
 * add only what is particular to them. The write path's producer is the SmallRye channel
 * {@code token-events} (application.properties), which reads the same {@code kafka.*} settings.
 */
@ApplicationScoped
public class KafkaClients {

    private final Map<String, Object> shared;

    @Inject
    public KafkaClients(@Identifier("default-kafka-broker") Map<String, Object> defaultBroker) {
        shared = new HashMap<>();
        defaultBroker.forEach((k, v) -> {
            // Quarkus' extension settings and the channel defaults are not client properties.
            if (!k.startsWith("health") && !k.equals("devservices") && !k.equals(ConsumerConfig.GROUP_ID_CONFIG)) {
                shared.put(k, v);
            }
        });
    }

    /**
     * A consumer of string records that commits nothing to Kafka by itself and reads only committed
     * records. {@code settings} add to these (a {@code group.id} among them, if it needs a group).
     */
    public KafkaConsumer<String, String> consumer(String name, Map<String, Object> settings) {
        Map<String, Object> props = withClientId(name);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.putAll(settings);
        return new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer());
    }

    /**
     * An idempotent producer of string records that waits for all in-sync replicas and does not linger.
     * Like the SmallRye channels: it waits at most 5 s for metadata, and gives a record up after 30 s.
     */
    public KafkaProducer<String, String> producer(String name) {
        Map<String, Object> props = withClientId(name);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 5000);
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10000);
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30000);
        return new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
    }

    /**
     * Sends {@code record} with {@code producer}; completes when the broker has it. {@code
     * KafkaProducer.send} blocks its caller while it has no metadata for the topic (a broker that
     * hangs: up to {@code max.block.ms}), so it is called on a worker thread, never on an event loop
     * where it would stall every request and database answer that loop serves.
     */
    public static Uni<RecordMetadata> send(
            KafkaProducer<String, String> producer, ProducerRecord<String, String> record) {
        return Uni.createFrom()
                .<RecordMetadata>emitter(emitter -> producer.send(record, (metadata, e) -> {
                    if (e != null) {
                        emitter.fail(e);
                    } else {
                        emitter.complete(metadata);
                    }
                }))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    public Admin admin() {
        return Admin.create(withClientId("admin"));
    }

    /** Client ids are unique per instance and say what the client is for (broker logs, quotas). */
    private Map<String, Object> withClientId(String name) {
        Map<String, Object> props = new HashMap<>(shared);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "patrol-" + name + "-" + UUID.randomUUID());
        return props;
    }
}
