package dev.patrol.domain;

import java.time.Instant;
import java.util.UUID;

/**
 * A token got a new secret; the previous one is dead from now on. {@code selfRotation}: the token
 * rotated itself (absent in older records: false), which arms reuse detection on the previous secret.
 */
public record TokenRegeneratedEvent(
        UUID eventId,
        UUID tokenId,
        long version,
        Instant occurredAt,
        Actor actor,
        String secretHash,
        String displayHint,
        String previousSecretHash,
        boolean selfRotation)
        implements TokenEvent {

    public static final String TYPE = "patrol.token.regenerated.v1";

    @Override
    public String type() {
        return TYPE;
    }
}
