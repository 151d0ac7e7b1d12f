package dev.patrol.domain;

import java.time.Instant;
import java.util.UUID;

/** A token got a new secret; the previous one is dead from now on. */
public record TokenRegeneratedEvent(
        UUID eventId,
        UUID tokenId,
        long version,
        Instant occurredAt,
        Actor actor,
        String secretHash,
        String displayHint,
        String previousSecretHash)
        implements TokenEvent {

    public static final String TYPE = "patrol.token.regenerated.v1";

    @Override
    public String type() {
        return TYPE;
    }
}
