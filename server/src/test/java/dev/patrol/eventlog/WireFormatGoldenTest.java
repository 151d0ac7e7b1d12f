package dev.patrol.eventlog;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.patrol.domain.Invalidation;
import dev.patrol.domain.TokenEvent;
import dev.patrol.domain.TokenRegeneratedEvent;
import dev.patrol.domain.TokenRevokedEvent;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The events topic is kept forever and replayed by every rebuild; the broadcast is read by other
 * teams' code. One golden file per event type (src/test/resources/golden) holds a record exactly as
 * it is on the wire: decoding it and encoding it again must give the same bytes, so a renamed
 * record component or a changed format fails here instead of silently breaking replay.
 */
@QuarkusTest
class WireFormatGoldenTest {

    @Inject
    EventCodec codec;

    @Inject
    ObjectMapper mapper;

    @Test
    void everyEventTypeHasAGoldenFile() {
        Set<String> missing = new TreeSet<>();
        for (String type : EventCodec.types()) {
            if (WireFormatGoldenTest.class.getResource(eventFile(type)) == null) {
                missing.add(type);
            }
        }
        assertEquals(Set.of(), missing, "add a golden file for each new event type (docs/events.md)");
    }

    @Test
    void everyGoldenEventDecodesAndEncodesToTheSameBytes() throws IOException {
        for (String type : EventCodec.types()) {
            String golden = read(eventFile(type));
            List<TokenEvent> decoded = codec.decode("[" + golden + "]");
            assertEquals(1, decoded.size());
            assertEquals(type, decoded.get(0).type());
            assertEquals(golden, mapper.writeValueAsString(codec.encodeOne(decoded.get(0))), type);
            assertEquals(golden, codec.encodeOneText(decoded.get(0)), type + " as the read model stores it");
            assertEquals("[" + golden + "]", codec.encode(decoded), type);
        }
    }

    @Test
    void fieldsANewerWriterAddsAreIgnoredAndFieldsAnOlderWriterLacksTakeDefaults() throws IOException {
        String golden = read(eventFile(TokenRegeneratedEvent.TYPE));
        String newer = golden.replaceFirst("\\}$", ",\"addedInV9\":{\"x\":[1]}}");
        assertEquals(codec.decode("[" + golden + "]"), codec.decode("[" + newer + "]"));
        String older = golden.replace(",\"selfRotation\":true", "");
        assertFalse(((TokenRegeneratedEvent) codec.decode("[" + older + "]").get(0)).selfRotation());
        String revoked = read(eventFile(TokenRevokedEvent.TYPE));
        String beforeNotes = revoked.replace(",\"note\":null", "");
        assertNotEquals(revoked, beforeNotes);
        assertNull(((TokenRevokedEvent) codec.decode("[" + beforeNotes + "]").get(0)).note());
    }

    /** Absent or null, any field the fold needs refuses the record (it is quarantined, never folded). */
    @Test
    void everyFieldTheFoldNeedsIsRequiredAndOnlyTheOptionalOnesMayBeAbsent() throws IOException {
        Set<String> optional = Set.of("note", "justification", "actor.clientIp", "actor.userAgent");
        for (String type : EventCodec.types()) {
            String golden = read(eventFile(type));
            ObjectNode node = (ObjectNode) mapper.readTree(golden);
            List<String> fields = new java.util.ArrayList<>();
            node.fieldNames().forEachRemaining(f -> fields.add(f));
            node.get("actor").fieldNames().forEachRemaining(f -> fields.add("actor." + f));
            for (String field : fields) {
                if (field.equals("type")) {
                    continue;
                }
                Class<?> component =
                        componentType(codec.decode("[" + golden + "]").get(0).getClass(), field);
                for (boolean absent : new boolean[] {true, false}) {
                    ObjectNode changed = node.deepCopy();
                    ObjectNode owner = field.startsWith("actor.") ? (ObjectNode) changed.get("actor") : changed;
                    String name = field.startsWith("actor.") ? field.substring(6) : field;
                    if (absent) {
                        owner.remove(name);
                    } else {
                        owner.putNull(name);
                    }
                    String record = "[" + changed + "]";
                    if (optional.contains(field) || component.isPrimitive()) {
                        // A primitive left out takes its default (e.g. selfRotation of older records).
                        assertEquals(1, codec.decode(record).size(), type + " without " + field);
                    } else {
                        assertThrows(
                                EventCodec.MalformedEventException.class,
                                () -> codec.decode(record),
                                type + " without " + field);
                    }
                }
            }
        }
        assertThrows(
                EventCodec.MalformedEventException.class,
                () -> codec.decode("[{\"type\":\"" + TokenRevokedEvent.TYPE + "\"}]"));
    }

    private static Class<?> componentType(Class<?> event, String field) {
        Class<?> owner = field.startsWith("actor.") ? dev.patrol.domain.Actor.class : event;
        String name = field.startsWith("actor.") ? field.substring(6) : field;
        for (var c : owner.getRecordComponents()) {
            if (c.getName().equals(name)) {
                return c.getType();
            }
        }
        throw new AssertionError(event.getSimpleName() + " has no " + field);
    }

    @Test
    void goldenInvalidationDecodesAndEncodesToTheSameBytes() throws IOException {
        String golden = read("/golden/invalidation.v1.json");
        Invalidation decoded = mapper.readValue(golden, Invalidation.class);
        assertTrue(decoded.narrowing());
        assertEquals(golden, mapper.writeValueAsString(decoded));
    }

    private static String eventFile(String type) {
        return "/golden/events/" + type + ".json";
    }

    private static String read(String resource) throws IOException {
        try (InputStream in = WireFormatGoldenTest.class.getResourceAsStream(resource)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
