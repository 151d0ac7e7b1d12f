package dev.patrol.config;

import java.util.List;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.Config;

import io.quarkus.arc.profile.IfBuildProfile;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.configuration.ConfigurationException;

/**
 * Refuses a production start without Kafka: the Kafka client would otherwise fall back to
 * localhost:9092 and the service would run, unready, instead of saying what is missing.
 * (The datasource and OIDC extensions already refuse to start without their URLs.)
 */
@Singleton
@IfBuildProfile("prod")
public class RequiredProductionSettings {

    void check(@Observes StartupEvent event, Config config) {
        List<String> missing = config.getOptionalValue("kafka.bootstrap.servers", String.class).isPresent()
                ? List.of()
                : List.of("KAFKA_BOOTSTRAP_SERVERS (kafka.bootstrap.servers)");
        if (!missing.isEmpty()) {
            throw new ConfigurationException("Patrol cannot start: set " + String.join(", ", missing));
        }
    }
}
