package dev.patrol.domain;

import java.time.Instant;
import java.util.UUID;

/** The owner turned expiry notices by mail for this token on or off (tokens start with them on). */
public record TokenExpiryEmailsChangedEvent(
        UUID eventId, UUID tokenId, long version, Instant occurredAt, Actor actor, boolean expiryEmails)
        implements TokenEvent {

    public static final String TYPE = "patrol.token.expiry-emails-changed.v1";

    @Override
    public String type() {
        return TYPE;
    }
}
