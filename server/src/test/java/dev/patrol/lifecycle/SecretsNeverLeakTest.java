package dev.patrol.lifecycle;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import jakarta.inject.Inject;

import dev.patrol.domain.TokenSecrets;
import dev.patrol.support.EventLog;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;

import static dev.patrol.support.Api.as;
import static dev.patrol.support.Api.create;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
class SecretsNeverLeakTest {

    @Inject
    Pool pool;

    @Test
    void plaintextAppearsInNoRecordNoTableAndNoLogLine() {
        List<String> logs = new ArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                logs.add(record.getMessage() + " " + java.util.Arrays.toString(record.getParameters()) + " "
                        + (record.getThrown() == null ? "" : record.getThrown()));
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        Logger root = Logger.getLogger("");
        root.addHandler(capture);
        List<String> secrets = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                var created = create("alice", "secret-" + i, "code:read")
                        .statusCode(201)
                        .extract();
                secrets.add(created.path("token"));
                secrets.add(as("alice")
                        .post("/api/v1/tokens/" + created.path("id") + "/regenerate")
                        .then()
                        .statusCode(200)
                        .extract()
                        .path("token"));
            }
        } finally {
            root.removeHandler(capture);
        }

        StringBuilder kafka = new StringBuilder();
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>(EventLog.readAll(EventLog.eventsTopic()));
        records.addAll(EventLog.readAll("patrol.token-invalidations.v1"));
        for (ConsumerRecord<byte[], byte[]> r : records) {
            kafka.append(text(r.key())).append(' ').append(text(r.value()));
            for (Header h : r.headers()) {
                kafka.append(' ').append(h.key()).append('=').append(text(h.value()));
            }
        }
        StringBuilder database = new StringBuilder();
        pool.query("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'")
                .execute()
                .await()
                .indefinitely()
                .forEach(t -> pool.query("SELECT x::text FROM " + t.getString(0) + " x")
                        .execute()
                        .await()
                        .indefinitely()
                        .forEach(r -> database.append(r.getString(0)).append('\n')));
        String allLogs = String.join("\n", logs);

        for (String secret : secrets) {
            String body = secret.substring(4, 4 + TokenSecrets.BODY_LENGTH);
            assertFalse(kafka.toString().contains(body), "secret in Kafka");
            assertFalse(database.toString().contains(body), "secret in the database");
            assertFalse(allLogs.contains(body), "secret in a log line");
            // The scans saw the right data: the hash is there.
            assertTrue(kafka.toString().contains(TokenSecrets.hash(secret)), "hash in Kafka");
            assertTrue(database.toString().contains(TokenSecrets.hash(secret)), "hash in the database");
        }
    }

    private static String text(byte[] b) {
        return b == null ? "" : new String(b, StandardCharsets.UTF_8);
    }
}
