package dev.patrol.eventlog;

import java.util.List;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.patrol.domain.TokenEvent;
import dev.patrol.edge.Invalidation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * The two decoders of what arrives over Kafka. The event decoder either yields events that encode
 * back to the same events, or refuses with MalformedEventException (the record is then quarantined);
 * nothing else may escape, or the projector would retry a batch for ever. The broadcast decoder
 * either yields a message or a Jackson error. Jazzer, see CredentialParsersFuzzTest.
 */
class EventDecoderFuzzTest {

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private static final EventCodec CODEC = codec();

    private static EventCodec codec() {
        EventCodec c = new EventCodec();
        c.mapper = MAPPER;
        return c;
    }

    @FuzzTest(maxDuration = "45s")
    void anyRecordDecodesToEventsThatRoundTripOrIsRefused(FuzzedDataProvider data) {
        String value = data.consumeRemainingAsString();
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
