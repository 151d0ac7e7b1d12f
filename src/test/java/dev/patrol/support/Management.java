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
}
