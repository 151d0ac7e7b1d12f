package dev.patrol;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Entry point. The packaged application refuses to start, naming every missing variable at once,
 * before anything tries to connect: otherwise the Kafka client would quietly fall back to
 * localhost:9092 and the first missing setting would surface as a stack trace from whichever
 * extension starts first. Dev mode and tests never take this path.
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
        if (isPackagedApplication()) {
            List<String> missing = missing(ConfigProvider.getConfig());
            if (!missing.isEmpty()) {
                System.err.println(
                        "Patrol cannot start: set " + String.join(", ", missing) + " (see README, \"Configuration\").");
                System.exit(78); // EX_CONFIG
            }
        }
        Quarkus.run(args);
    }

    /**
     * Whether this is the packaged application ({@code java -jar quarkus-run.jar}). Neither
     * {@code LaunchMode} nor the config profile can tell here: both read "production" in dev mode
     * until {@link Quarkus#run} has started. Dev mode, {@code quarkus:run} and tests load the
     * application with Quarkus' bootstrap class loader; the packaged application never does.
     */
    static boolean isPackagedApplication() {
        return !PatrolMain.class.getClassLoader().getClass().getName().startsWith("io.quarkus.bootstrap.classloading.");
    }

    static List<String> missing(Config config) {
        List<String> missing = new ArrayList<>();
        REQUIRED.forEach((property, variable) -> {
            if (config.getOptionalValue(property, String.class)
                    .filter(v -> !v.isBlank())
                    .isEmpty()) {
                missing.add(variable);
            }
        });
        return missing;
    }
}
