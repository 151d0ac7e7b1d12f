package dev.patrol.support;

import org.eclipse.microprofile.config.ConfigProvider;

/** The management interface (health, metrics, OpenAPI) of the application under test. */
public final class Management {

    private Management() {}

    public static String url() {
        return "http://localhost:"
                + ConfigProvider.getConfig()
                        .getOptionalValue("quarkus.management.test-port", Integer.class)
                        .orElse(9001);
    }

    /** The sum of a Prometheus metric's samples (all tags), e.g. {@code patrol_events_refused_total}. */
    public static double metric(String name) {
        return metric(url(), name);
    }

    /** The same, of the instance whose management interface is at {@code managementUrl}. */
    public static double metric(String managementUrl, String name) {
        return io.restassured.RestAssured.given()
                .baseUri(managementUrl)
                .get("/q/metrics")
                .asString()
                .lines()
                .filter(l -> l.startsWith(name + " ") || l.startsWith(name + "{"))
                // OpenMetrics may follow the value with an exemplar ("# {trace_id=...} 1.0 <time>")
                .map(l -> l.contains(" # ") ? l.substring(0, l.indexOf(" # ")) : l)
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .sum();
    }
}
