package dev.patrol.eventlog;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.smallrye.common.annotation.Identifier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * The one place Patrol's own Kafka consumers and admin clients are built. Every client shares the
 * {@code kafka.*} configuration (bootstrap servers, TLS, SASL: what operators set) and Patrol's
 * defaults; callers add only what is particular to them. Every producer is a SmallRye channel
 * (application.properties), which reads the same {@code kafka.*} settings.
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
