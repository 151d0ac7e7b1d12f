package dev.patrol.eventlog;

import java.time.Instant;
import java.util.Base64;
import java.util.List;

import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class EventSignatureTest {

    private static final String K1 = "k1:" + Base64.getEncoder().encodeToString(new byte[32]);
    private static final String K2 =
            "k2:" + Base64.getEncoder().encodeToString("0123456789abcdef0123456789abcdef".getBytes());
    private static final long NOW = Instant.parse("2026-11-28T12:00:00Z").toEpochMilli();

    private static RecordHeaders headers(List<RecordHeader> list) {
        return new RecordHeaders(list.toArray(new RecordHeader[0]));
    }

    @Test
    void aSignedRecordVerifiesAndAnyChangeBreaksIt() {
        EventSignature s = new EventSignature(List.of(K1), "k1", null);
        var h = headers(s.sign("token-1", "[{\"type\":\"x\"}]"));
        assertNull(s.refusal("token-1", "[{\"type\":\"x\"}]", h, NOW));
        assertEquals("wrong signature", s.refusal("token-1", "[{\"type\":\"y\"}]", h, NOW));
        assertEquals("wrong signature", s.refusal("token-2", "[{\"type\":\"x\"}]", h, NOW));
        assertEquals("unsigned record", s.refusal("token-1", "[]", new RecordHeaders(), NOW));
    }

    @Test
    void aRecordSignedWithAKeyPatrolDoesNotKnowIsRefused() {
        var forged = headers(new EventSignature(List.of(K2), "k2", null).sign("t", "v"));
        assertEquals(
                "signed with unknown key k2",
                new EventSignature(List.of(K1), "k1", null).refusal("t", "v", forged, NOW));
        var wrongKeySameId = headers(new EventSignature(List.of(K2.replace("k2:", "k1:")), "k1", null).sign("t", "v"));
        assertEquals(
                "wrong signature", new EventSignature(List.of(K1), "k1", null).refusal("t", "v", wrongKeySameId, NOW));
    }

    @Test
    void rotationKeepsOldRecordsValidAndRefusesNewOnesSignedWithTheRetiredKey() {
        var oldRecord = headers(new EventSignature(List.of(K1), "k1", null).sign("t", "v"));
        EventSignature rotated = new EventSignature(List.of(K1 + ":2026-11-28T12:00:00Z", K2), "k2", null);
        assertNull(rotated.refusal("t", "v", oldRecord, NOW));
        assertEquals("signed with key k1 after its retirement", rotated.refusal("t", "v", oldRecord, NOW + 1));
        assertNull(rotated.refusal("t", "v", headers(rotated.sign("t", "v")), NOW + 1));
    }

    @Test
    void weakOrMissingKeysStopTheStart() {
        assertThrows(IllegalArgumentException.class, () -> new EventSignature(List.of(), "k1", null));
        assertThrows(
                IllegalArgumentException.class,
                () -> new EventSignature(
                        List.of("k1:" + Base64.getEncoder().encodeToString(new byte[16])), "k1", null));
        assertThrows(IllegalArgumentException.class, () -> new EventSignature(List.of(K1), "k2", null));
        assertThrows(
                IllegalArgumentException.class,
                () -> new EventSignature(List.of(K1 + ":2026-01-01T00:00:00Z"), "k1", null));
    }
}
