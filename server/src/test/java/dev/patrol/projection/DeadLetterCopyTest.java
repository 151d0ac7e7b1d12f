package dev.patrol.projection;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The dead-letter copy is the record as it was, unless that would not fit the broker's limit. */
class DeadLetterCopyTest {

    private static PoisonedRecord poisoned(String value) {
        var record = new ConsumerRecord<>(
                "patrol.token-events.v1",
                2,
                42L,
                0L,
                TimestampType.CREATE_TIME,
                -1,
                -1,
                "key",
                value,
                new RecordHeaders(),
                Optional.empty());
        return PoisonedRecord.of(record, "unsigned record");
    }

    private static String header(ProducerRecord<String, String> r, String name) {
        var h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    @Test
    void aSmallRecordIsCopiedAsItWasWithItsReasonAndPosition() {
        var copy = DeadLetterPublisher.copyOf(poisoned("[]"), "dead");
        assertEquals("key", copy.key());
        assertEquals("[]", copy.value());
        assertEquals("unsigned record", header(copy, "patrol-dead-letter-reason"));
        assertEquals("2", header(copy, "patrol-dead-letter-partition"));
        assertEquals("42", header(copy, "patrol-dead-letter-offset"));
        assertNull(header(copy, "patrol-dead-letter-value-omitted"));
    }

    @Test
    void aRecordNearTheBrokersLimitIsCopiedWithoutItsValueButNamesIt() {
        var copy = DeadLetterPublisher.copyOf(poisoned("x".repeat(1_000_000)), "dead");
        assertEquals("key", copy.key());
        assertNull(copy.value());
        String omitted = header(copy, "patrol-dead-letter-value-omitted");
        assertNotNull(omitted);
        assertTrue(omitted.startsWith("1000000 bytes of value"), omitted);
        assertEquals("unsigned record", header(copy, "patrol-dead-letter-reason"));
    }
}
