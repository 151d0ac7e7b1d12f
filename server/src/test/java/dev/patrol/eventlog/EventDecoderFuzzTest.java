package dev.patrol.eventlog;

import java.util.List;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.patrol.domain.Invalidation;
import dev.patrol.domain.TokenEvent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * The two decoders of what arrives over Kafka. The event decoder either yields events that encode
 * back to the same events, or refuses with MalformedEventException (the record is then quarantined);
 * nothing else may escape, or the projector would retry a batch for ever. The broadcast decoder
 * either yields a message or a Jackson error. Jazzer, see CredentialParsersFuzzTest.
 */
class EventDecoderFuzzTest {

    private static final ObjectMapper MAPPER = TestCodecs.MAPPER;
    private static final EventCodec CODEC = TestCodecs.eventCodec();

    private static final List<String> GOLDEN = EventCodec.types().stream()
            .sorted()
            .map(t -> {
                try (var in = EventDecoderFuzzTest.class.getResourceAsStream("/golden/events/" + t + ".json")) {
                    return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
                } catch (java.io.IOException e) {
                    throw new IllegalStateException(e);
                }
            })
            .toList();

    /**
     * A real event (a golden file) with one field replaced by fuzzer-chosen JSON, or any string: the
     * fuzzer cannot see into Jackson, so it starts from shapes the decoder accepts.
     */
    private static String record(FuzzedDataProvider data) {
        if (data.consumeBoolean()) {
            return data.consumeRemainingAsString();
        }
        try {
            var node = (com.fasterxml.jackson.databind.node.ObjectNode) MAPPER.readTree(data.pickValue(GOLDEN));
            List<String> fields = new java.util.ArrayList<>();
            node.fieldNames().forEachRemaining(fields::add);
            String field = data.pickValue(fields);
            String replacement = data.consumeRemainingAsString();
            try {
                node.set(field, MAPPER.readTree(replacement));
            } catch (com.fasterxml.jackson.core.JacksonException notJson) {
                node.put(field, replacement);
            }
            return "[" + node + "]";
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @FuzzTest(maxDuration = "45s")
    void anyRecordDecodesToEventsThatRoundTripOrIsRefused(FuzzedDataProvider data) {
        String value = record(data);
        List<TokenEvent> events;
        try {
            events = CODEC.decode(value);
        } catch (EventCodec.MalformedEventException refused) {
            return;
        }
        assertFalse(events.isEmpty());
        assertEquals(events, CODEC.decode(CODEC.encode(events)));
    }

    @FuzzTest(maxDuration = "45s")
    void anyBroadcastMessageDecodesOrFailsAsJson(FuzzedDataProvider data) {
        try {
            MAPPER.readValue(data.consumeRemainingAsString(), Invalidation.class);
        } catch (com.fasterxml.jackson.core.JacksonException refused) {
            // what InvalidationListener treats as an unreadable message
        }
    }
}
