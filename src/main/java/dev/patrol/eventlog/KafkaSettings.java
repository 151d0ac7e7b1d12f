package dev.patrol.eventlog;

import java.util.HashMap;
import java.util.Map;

/** The Kafka client settings every Patrol client shares (bootstrap servers, TLS, SASL). */
public final class KafkaSettings {

    private KafkaSettings() {}

    /**
     * Copies the {@code kafka.*} configuration that Quarkus exposes as the default broker config,
     * dropping entries that are not client properties.
     */
    public static Map<String, Object> clientConfig(Map<String, Object> defaultKafkaBroker) {
        Map<String, Object> config = new HashMap<>();
        defaultKafkaBroker.forEach((k, v) -> {
            if (!k.startsWith("health") && !k.equals("devservices")) {
                config.put(k, v);
            }
        });
        return config;
    }
}
