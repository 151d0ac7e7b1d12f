package dev.patrol.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.net.URL;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.patrol.config.PatrolConfig;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * Which environment variables the application actually reads, derived from the application itself
 * (never from a list kept by hand): Quarkus' own config model of every extension on the classpath,
 * Patrol's {@link PatrolConfig} mapping, and Kafka's client configuration names.
 */
final class ChartEnvironment {

    private ChartEnvironment() {}

    /** Why {@code name} is read by the app, or null when it is not. */
    static String readBy(String name, Map<String, String> allEnv) {
        if (name.startsWith("QUARKUS_OIDC_UI_")) { // the named OIDC tenant "ui" of application.properties
            return quarkusVariables().contains("QUARKUS_OIDC_" + name.substring(16))
                    ? "Quarkus config (tenant ui)"
                    : null;
        }
        if (name.startsWith("QUARKUS_")) {
            return quarkusVariables().contains(name) ? "Quarkus config" : null;
        }
        if (name.startsWith("PATROL_")) {
            return patrolVariables().stream().anyMatch(p -> Pattern.matches(p, name)) ? "PatrolConfig" : null;
        }
        if (name.startsWith("KAFKA_")) {
            String property = name.substring(6).toLowerCase().replace('_', '.');
            Set<String> kafka = new HashSet<>(ProducerConfig.configNames());
            kafka.addAll(ConsumerConfig.configNames());
            kafka.addAll(AdminClientConfig.configNames());
            return kafka.contains(property) ? "Kafka client" : null;
        }
        return null;
    }

    /** Variables only used to build another one's value through Kubernetes $(NAME) expansion. */
    static boolean onlyExpanded(String name, Map<String, String> allEnv) {
        Pattern ref = Pattern.compile("\\$\\(" + Pattern.quote(name) + "\\)");
        return allEnv.values().stream()
                .anyMatch(v -> v != null && ref.matcher(v).find());
    }

    private static Set<String> quarkus;

    static synchronized Set<String> quarkusVariables() {
        if (quarkus != null) {
            return quarkus;
        }
        Set<String> names = new HashSet<>();
        Pattern env = Pattern.compile("\"environmentVariable\"\\s*:\\s*\"([A-Z0-9_]+)\"");
        try {
            Enumeration<URL> models = ChartEnvironment.class
                    .getClassLoader()
                    .getResources("META-INF/quarkus-config-doc/quarkus-config-model.json");
            while (models.hasMoreElements()) {
                try (InputStream in = models.nextElement().openStream()) {
                    Matcher m = env.matcher(new String(in.readAllBytes()));
                    while (m.find()) {
                        names.add(m.group(1));
                    }
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        if (names.size() < 100) {
            throw new IllegalStateException("Quarkus config models not found on the classpath");
        }
        quarkus = names;
        return names;
    }

    /** Regexes of the env names of every PatrolConfig property (map keys match anything). */
    static List<String> patrolVariables() {
        List<String> out = new ArrayList<>();
        collect(PatrolConfig.class, "PATROL", out);
        return out;
    }

    private static void collect(Class<?> type, String prefix, List<String> out) {
        for (Method m : type.getDeclaredMethods()) {
            if (m.isDefault() || java.lang.reflect.Modifier.isStatic(m.getModifiers())) {
                continue;
            }
            String name = prefix + "_"
                    + m.getName().replaceAll("([a-z0-9])([A-Z])", "$1_$2").toUpperCase();
            Class<?> rt = m.getReturnType();
            if (rt.isInterface() && rt.getName().startsWith("dev.patrol")) {
                collect(rt, name, out);
            } else if (Map.class.isAssignableFrom(rt)) {
                out.add(Pattern.quote(name + "_") + "[A-Z0-9_]+");
            } else {
                out.add(Pattern.quote(name));
            }
        }
    }
}
