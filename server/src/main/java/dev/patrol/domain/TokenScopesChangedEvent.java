package dev.patrol.domain;

import java.time.Instant;
import java.util.Set;
import java.util.UUID;

/** A token's scopes and organizations were replaced by these. */
public record TokenScopesChangedEvent(
        UUID eventId,
        UUID tokenId,
        long version,
        Instant occurredAt,
        Actor actor,
        Set<String> scopes,
        OrganizationBinding organizations)
        implements TokenEvent {

    public TokenScopesChangedEvent {
        scopes = SortedSets.of(scopes);
    }

    public static final String TYPE = "patrol.token.scopes-changed.v1";

    @Override
    public String type() {
        return TYPE;
    }
}
