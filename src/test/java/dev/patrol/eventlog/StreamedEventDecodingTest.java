package dev.patrol.eventlog;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.patrol.domain.TokenRenamedEvent;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Records read without a tree only when they have the shape Patrol writes; every other shape is
 * left to the tree reading, so both readings of a record can never differ (a replay must fold
 * exactly what the live projector folded).
 */
class StreamedEventDecodingTest {

    private static final EventCodec CODEC = codec();

    private static EventCodec codec() {
        EventCodec c = new EventCodec();
        c.mapper = new ObjectMapper()
                .registerModule(new JavaTimeModule())
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        return c;
    }

    private static String renamed() throws IOException {
        try (InputStream in = StreamedEventDecodingTest.class.getResourceAsStream(
                "/golden/events/" + TokenRenamedEvent.TYPE + ".json")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void theShapePatrolWritesIsReadWithoutATree() throws IOException {
        String record = "[" + renamed() + "]";
        assertNotNull(CODEC.streamed(record));
        assertEquals(CODEC.decodeTree(record), CODEC.decode(record));
    }

    @Test
    void aFieldTwiceIsLeftToTheTreeWhereTheLastOneWins() throws IOException {
        String record = "[" + renamed().replaceFirst("\\}$", ",\"name\":\"second\"}") + "]";
        assertNull(CODEC.streamed(record));
        assertEquals("second", ((TokenRenamedEvent) CODEC.decode(record).get(0)).name());
    }

    @Test
    void aTypeTwiceIsLeftToTheTree() throws IOException {
        String record = "[" + renamed().replaceFirst("\\}$", ",\"type\":\"patrol.token.revoked.v1\"}") + "]";
        assertNull(CODEC.streamed(record));
        assertEquals(CODEC.decodeTree(record), CODEC.decode(record));
    }

    @Test
    void aTypeThatIsNotTheFirstFieldIsLeftToTheTree() throws IOException {
        String golden = renamed();
        String typeLast = golden.replaceFirst("^\\{\"type\":\"[^\"]+\",", "{")
                .replaceFirst("\\}$", ",\"type\":\"" + TokenRenamedEvent.TYPE + "\"}");
        assertNull(CODEC.streamed("[" + typeLast + "]"));
        assertEquals(CODEC.decode("[" + golden + "]"), CODEC.decode("[" + typeLast + "]"));
    }

    @Test
    void contentAfterTheArrayIsLeftToTheTree() throws IOException {
        String record = "[" + renamed() + "] {}";
        assertNull(CODEC.streamed(record));
        assertEquals(CODEC.decodeTree(record), CODEC.decode(record));
    }

    @Test
    void otherShapesAreRefusedAsBeforeByTheTree() {
        for (String record : new String[] {
            "",
            "[]",
            "{}",
            "[{}]",
            "[{\"type\":1}]",
            "[{\"type\":\"patrol.token.unknown.v1\",\"x\":1}]",
            "[1]",
            "[",
            "null"
        }) {
            assertNull(CODEC.streamed(record), record);
            assertThrows(EventCodec.MalformedEventException.class, () -> CODEC.decode(record), record);
        }
    }

    @Test
    void anEventOfNothingButItsTypeIsLeftToTheTree() {
        String record = "[{\"type\":\"" + TokenRenamedEvent.TYPE + "\"}]";
        assertNull(CODEC.streamed(record));
        assertEquals(CODEC.decodeTree(record), CODEC.decode(record));
    }
}
