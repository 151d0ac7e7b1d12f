package dev.patrol.domain;

import java.time.Instant;
import java.util.UUID;

/**
 * The token may no longer act in {@code organization}, whatever its binding says, for good: its owner
 * cannot bind it there again. {@code note}: the administrator's words for the owner (null if none).
 */
public record TokenCutFromOrganizationEvent(
        UUID eventId, UUID tokenId, long version, Instant occurredAt, Actor actor, String organization, String note)
        implements TokenEvent {

    public static final String TYPE = "patrol.token.cut-from-organization.v1";

    @Override
    public String type() {
        return TYPE;
    }
}
