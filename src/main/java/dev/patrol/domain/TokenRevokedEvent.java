package dev.patrol.domain;

import java.time.Instant;
import java.util.UUID;

/** A token was revoked. Terminal: no command is accepted afterwards. */
public record TokenRevokedEvent(
        UUID eventId, UUID tokenId, long version, Instant occurredAt, Actor actor, RevokeReason reason)
        implements TokenEvent {

    public static final String TYPE = "patrol.token.revoked.v1";

    @Override
    public String type() {
        return TYPE;
    }
}
