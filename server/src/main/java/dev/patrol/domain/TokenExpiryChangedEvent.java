package dev.patrol.domain;

import java.time.Instant;
import java.util.UUID;

/** A token's expiry moved to this instant. */
public record TokenExpiryChangedEvent(
        UUID eventId, UUID tokenId, long version, Instant occurredAt, Actor actor, Instant expiresAt)
        implements TokenEvent {

    public static final String TYPE = "patrol.token.expiry-changed.v1";

    @Override
    public String type() {
        return TYPE;
    }
}
