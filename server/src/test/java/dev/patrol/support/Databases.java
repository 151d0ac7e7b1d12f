package dev.patrol.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Databases of their own on the suite's PostgreSQL, for packaged instances whose read model and
 * projection offsets must not be the test application's; copied whole ({@code CREATE DATABASE ...
 * TEMPLATE}) as a backup is taken and restored.
 */
public final class Databases {

    private Databases() {}

    /** Creates {@code name} and returns the reactive URL an instance connects to. */
    public static String create(String name) throws SQLException {
        execute("CREATE DATABASE " + name);
        return reactiveUrl(name);
    }

    /** {@code to} becomes a copy of {@code from} (no one may be connected to {@code from}). */
    public static void copy(String from, String to) throws SQLException {
        execute("CREATE DATABASE " + to + " TEMPLATE " + from);
    }

    public static void drop(String name) throws SQLException {
        execute("DROP DATABASE " + name);
    }

    public static String reactiveUrl(String name) {
        String reactive = config().getValue("quarkus.datasource.reactive.url", String.class);
        return reactive.substring(0, reactive.lastIndexOf('/') + 1) + name;
    }

    private static void execute(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(
                config().getValue("quarkus.datasource.jdbc.url", String.class),
                config().getValue("quarkus.datasource.username", String.class),
                config().getValue("quarkus.datasource.password", String.class))) {
            c.createStatement().execute(sql);
        }
    }

    private static Config config() {
        return ConfigProvider.getConfig();
    }
}
