package dev.patrol.eventlog;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/** The events topic's codec outside CDI, configured as the application's (for tests without Quarkus). */
public final class TestCodecs {

    public static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private TestCodecs() {}

    public static EventCodec eventCodec() {
        EventCodec c = new EventCodec();
        c.mapper = MAPPER;
        return c;
    }
}
