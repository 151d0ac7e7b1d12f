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
        // Roles come from an explicitly named claim, never a default that may also carry organizations.
        REQUIRED.put("quarkus.oidc.roles.role-claim-path", "QUARKUS_OIDC_ROLES_ROLE_CLAIM_PATH");
        // Events are signed: without keys, whoever can write the topic could mint tokens.
        REQUIRED.put("patrol.signing.keys", "PATROL_SIGNING_KEYS");
        REQUIRED.put("patrol.signing.key-id", "PATROL_SIGNING_KEY_ID");
    }

    /** Without an audience, a token the realm issued to any other application would be accepted. */
    static final String AUDIENCE = "quarkus.oidc.token.audience";

    static final String UNSAFE_ANY_AUDIENCE = "patrol.identity.unsafe-accept-any-audience";

    public static void main(String... args) {
        if (isPackagedApplication()) {
            List<String> problems = problems(ConfigProvider.getConfig());
            if (!problems.isEmpty()) {
                System.err.println("Patrol cannot start: " + String.join("; ", problems)
                        + " (see README, \"Configuration\", and docs/security.md).");
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

    /** Everything wrong with the configuration, each naming the variable to set. */
    static List<String> problems(Config config) {
        List<String> missing = new ArrayList<>();
        REQUIRED.forEach((property, variable) -> {
            if (value(config, property) == null) {
                missing.add(variable);
            }
        });
        if (value(config, AUDIENCE) == null
                && !config.getOptionalValue(UNSAFE_ANY_AUDIENCE, Boolean.class).orElse(false)) {
            missing.add("QUARKUS_OIDC_TOKEN_AUDIENCE (or PATROL_IDENTITY_UNSAFE_ACCEPT_ANY_AUDIENCE=true)");
        }
        if (value(config, "patrol.introspection.issuer") == null && value(config, "patrol.ui.base-url") == null) {
            missing.add("PATROL_INTROSPECTION_ISSUER (Patrol's public URL, e.g. https://patrol.example.com; "
                    + "or PATROL_UI_BASE_URL)");
        }
        if (config.getOptionalValue("patrol.ui.enabled", Boolean.class).orElse(false)) {
            if (value(config, "quarkus.oidc.ui.credentials.secret") == null) {
                missing.add("QUARKUS_OIDC_UI_CREDENTIALS_SECRET (PATROL_UI_ENABLED=true)");
            }
            String state = value(config, "quarkus.oidc.ui.authentication.state-secret");
            if (state == null || state.length() < 32) {
                missing.add("QUARKUS_OIDC_UI_AUTHENTICATION_STATE_SECRET of 32+ characters (PATROL_UI_ENABLED=true)");
            }
        }
        List<String> problems = new ArrayList<>();
        if (!missing.isEmpty()) {
            problems.add("set " + String.join(", ", missing));
        }
        String jwt = dev.patrol.gateway.JwtMinter.problem(
                value(config, "patrol.jwt.keys"),
                value(config, "patrol.jwt.signing-key-id"),
                java.util.Set.copyOf(config.getOptionalValues("patrol.jwt.audiences", String.class)
                        .orElse(List.of())));
        if (jwt != null) {
            problems.add(jwt);
        }
        String roles = value(config, "quarkus.oidc.roles.role-claim-path");
        String uiRoles = raw(config, "quarkus.oidc.ui.roles.role-claim-path");
        if (roles != null && uiRoles != null && !uiRoles.strip().equals(roles.strip())) {
            problems.add("QUARKUS_OIDC_UI_ROLES_ROLE_CLAIM_PATH (\"" + uiRoles.strip()
                    + "\") differs from QUARKUS_OIDC_ROLES_ROLE_CLAIM_PATH (\"" + roles.strip()
                    + "\"): the web pages must take roles from the same claim as the API (unset it)");
        }
        String organizations = config.getOptionalValue("patrol.identity.organizations-claim", String.class)
                .orElse("orgs");
        if (roles != null && roles.strip().equals(organizations.strip())) {
            problems.add("QUARKUS_OIDC_ROLES_ROLE_CLAIM_PATH and PATROL_IDENTITY_ORGANIZATIONS_CLAIM both name \""
                    + roles.strip() + "\": an organization named like the admin role would grant it");
        }
        return problems;
    }

    /** The property's value, or null when unset or when it names a property that is unset. */
    private static String raw(Config config, String property) {
        try {
            return value(config, property);
        } catch (java.util.NoSuchElementException e) {
            return null; // ${quarkus.oidc.roles.role-claim-path} unset: reported as missing above
        }
    }

    private static String value(Config config, String property) {
        return config.getOptionalValue(property, String.class)
                .filter(v -> !v.isBlank())
                .orElse(null);
    }
}
