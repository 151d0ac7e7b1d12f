package dev.patrol.domain;

import java.time.Instant;
import java.util.UUID;

/**
 * A token's expiry moved to this instant. {@code regeneration}: as part of a regeneration (false in
 * older records), which organizations' approvals carry over; any other extension needs them again.
 */
public record TokenExpiryChangedEvent(
        UUID eventId,
        UUID tokenId,
        long version,
        Instant occurredAt,
        Actor actor,
        Instant expiresAt,
        boolean regeneration)
        implements TokenEvent {

    public TokenExpiryChangedEvent(
            UUID eventId, UUID tokenId, long version, Instant occurredAt, Actor actor, Instant expiresAt) {
        this(eventId, tokenId, version, occurredAt, actor, expiresAt, false);
    }

    public static final String TYPE = "patrol.token.expiry-changed.v1";

    @Override
    public String type() {
        return TYPE;
    }
}
