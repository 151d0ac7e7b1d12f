package dev.patrol;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;

/**
 * Entry point. In production it refuses to start, naming every missing variable at once, before
 * anything tries to connect: otherwise the Kafka client would quietly fall back to localhost:9092 and
 * the first missing setting would surface as a stack trace from whichever extension starts first.
 */
@QuarkusMain
public class PatrolMain {

    /** Property -> the environment variable an operator sets. */
    static final Map<String, String> REQUIRED = new LinkedHashMap<>();

    static {
        REQUIRED.put("quarkus.datasource.reactive.url", "QUARKUS_DATASOURCE_REACTIVE_URL");
        REQUIRED.put("kafka.bootstrap.servers", "KAFKA_BOOTSTRAP_SERVERS");
        REQUIRED.put("quarkus.oidc.auth-server-url", "QUARKUS_OIDC_AUTH_SERVER_URL");
    }

    public static void main(String... args) {
        if (LaunchMode.current() == LaunchMode.NORMAL) {
            List<String> missing = missing(ConfigProvider.getConfig());
            if (!missing.isEmpty()) {
                System.err.println("Patrol cannot start: set " + String.join(", ", missing)
                        + " (see README, \"Configuration\").");
                System.exit(78); // EX_CONFIG
            }
        }
        Quarkus.run(args);
    }

    static List<String> missing(Config config) {
        List<String> missing = new ArrayList<>();
        REQUIRED.forEach((property, variable) -> {
            if (config.getOptionalValue(property, String.class).filter(v -> !v.isBlank()).isEmpty()) {
                missing.add(variable);
            }
        });
        return missing;
    }
}
