package dev.patrol.domain;

import java.time.Instant;
import java.util.UUID;

/** A token got a new name. */
public record TokenRenamedEvent(UUID eventId, UUID tokenId, long version, Instant occurredAt, Actor actor, String name)
        implements TokenEvent {

    public static final String TYPE = "patrol.token.renamed.v1";

    @Override
    public String type() {
        return TYPE;
    }
}
