package dev.patrol.domain;

import java.time.Instant;
import java.util.UUID;

/**
 * A token was revoked. Terminal: no command is accepted afterwards. {@code note}: the revoker's
 * words for the owner (absent in older records and when none was given).
 */
public record TokenRevokedEvent(
        UUID eventId, UUID tokenId, long version, Instant occurredAt, Actor actor, RevokeReason reason, String note)
        implements TokenEvent {

    public static final String TYPE = "patrol.token.revoked.v1";

    @Override
    public String type() {
        return TYPE;
    }
}
