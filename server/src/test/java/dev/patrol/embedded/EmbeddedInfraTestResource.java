package dev.patrol.embedded;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Points every {@code @QuarkusTest} at the embedded PostgreSQL and Kafka. The servers outlive
 * application restarts (test profiles): they start once per test JVM.
 */
public class EmbeddedInfraTestResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        return EmbeddedInfraProcess.config();
    }

    @Override
    public void stop() {
        // Stopped when the test JVM exits; restarting per application start would cost seconds each.
    }
}
