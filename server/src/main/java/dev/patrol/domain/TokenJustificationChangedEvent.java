package dev.patrol.domain;

import java.time.Instant;
import java.util.UUID;

/** The owner's justification for the token, shown to approvers, is now this (null: none). */
public record TokenJustificationChangedEvent(
        UUID eventId, UUID tokenId, long version, Instant occurredAt, Actor actor, String justification)
        implements TokenEvent {

    public static final String TYPE = "patrol.token.justification-changed.v1";

    @Override
    public String type() {
        return TYPE;
    }
}
