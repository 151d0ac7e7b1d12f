package dev.patrol.projection;

import java.util.List;

import dev.patrol.domain.TokenEvent;

/** One record of the events topic, decoded: the events one command decided, applied all or none. */
public record EventRecord(int partition, long offset, List<TokenEvent> events) {

    public TokenEvent first() {
        return events.get(0);
    }
}
