package dev.patrol.projection;

import java.nio.charset.StandardCharsets;
import java.util.List;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.patrol.eventlog.EventCodec;
import dev.patrol.eventlog.EventSignature;
import dev.patrol.eventlog.TestCodecs;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The projector's poison path, with records written by someone without the signing key: any key,
 * value and headers. The partition always advances: every record is either applied or poisoned
 * (nothing escapes the decoder to fail the batch for ever), a poisoned record's reason can be stored
 * in a text column and logged (no NUL, no control or invisible character, bounded), and its
 * dead-letter copy stays within the bound the broker accepts. Jazzer, see CredentialParsersFuzzTest.
 */
class PoisonPathFuzzTest {

    private static final EventCodec CODEC = TestCodecs.eventCodec();
    private static final EventSignature SIGNATURE =
            new EventSignature(List.of("k1:N0fQibKTS+f4SQPeSlXgayWwcbf0vc+JuptnTOVRlPc="), "k1", null);
    private static final TopicPartition TP = new TopicPartition("patrol.token-events.v1", 0);

    @FuzzTest(maxDuration = "30s")
    void everyRecordIsAppliedOrQuarantinedAndItsQuarantineCanBeStored(FuzzedDataProvider data) {
        RecordHeaders headers = new RecordHeaders();
        int count = data.consumeInt(0, 4);
        for (int i = 0; i < count; i++) {
            String name = data.pickValue(
                    List.of(EventSignature.KEY_ID_HEADER, EventSignature.SIGNATURE_HEADER, "ce_type", "other"));
            headers.add(new RecordHeader(name, data.consumeBytes(data.consumeInt(0, 300))));
        }
        String key = data.consumeBoolean() ? null : data.consumeString(100);
        boolean large = data.consumeBoolean() && data.consumeBoolean();
        String value = data.consumeRemainingAsString();
        if (large) { // close to the broker's limit, as a writer could make it
            value = value + "x".repeat(DeadLetterPublisher.MAX_COPY_BYTES);
        }
        ConsumerRecord<String, String> record = new ConsumerRecord<>(
                TP.topic(),
                TP.partition(),
                7,
                0L,
                TimestampType.CREATE_TIME,
                -1,
                -1,
                key,
                value,
                headers,
                java.util.Optional.empty());

        TokenProjector.Decoded decoded = TokenProjector.decode(CODEC, SIGNATURE, TP, List.of(record), 0);

        assertEquals(1, decoded.records().size() + decoded.poisoned().size(), "the record was lost or doubled");
        for (PoisonedRecord p : decoded.poisoned()) {
            String reason = p.reason();
            assertTrue(reason.length() <= 203, reason);
            assertFalse(
                    reason.codePoints()
                            .anyMatch(c -> Character.isISOControl(c)
                                    || Character.getType(c) == Character.FORMAT
                                    || Character.getType(c) == Character.SURROGATE), // unpaired
                    reason);
            var copy = DeadLetterPublisher.copyOf(p, "dead-letters");
            long size = (copy.key() == null ? 0 : copy.key().getBytes(StandardCharsets.UTF_8).length)
                    + (copy.value() == null ? 0 : copy.value().getBytes(StandardCharsets.UTF_8).length);
            for (var h : copy.headers()) {
                size += h.key().length() + (h.value() == null ? 0 : h.value().length);
            }
            assertTrue(size <= DeadLetterPublisher.MAX_COPY_BYTES + 2048, "dead-letter copy of " + size + " bytes");
        }
    }
}
