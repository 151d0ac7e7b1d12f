package dev.patrol.embedded;

import java.util.Map;

import dev.patrol.support.TestSmtp;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/** Points every {@code @QuarkusTest}'s mailer at the tests' SMTP server (notice mail). */
public class TestSmtpResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        return Map.of(
                "patrol.mail.smtp.host", "127.0.0.1",
                "patrol.mail.smtp.port", Integer.toString(TestSmtp.start()),
                "patrol.mail.smtp.start-tls", "DISABLED",
                "patrol.mail.from", "patrol@test.example");
    }

    @Override
    public void stop() {
        // The server lives as long as the test JVM, like the embedded PostgreSQL and Kafka.
    }
}
