package dev.patrol.domain;

import java.time.Instant;
import java.util.Set;
import java.util.UUID;

/** A token was created. Carries the secret's hash, never the secret. */
public record TokenIssuedEvent(
        UUID eventId,
        UUID tokenId,
        long version,
        Instant occurredAt,
        Actor actor,
        UUID familyId,
        String owner,
        String name,
        Set<String> scopes,
        OrganizationBinding organizations,
        String secretHash,
        String displayHint,
        Instant expiresAt)
        implements TokenEvent {

    public TokenIssuedEvent {
        scopes = SortedSets.of(scopes);
    }

    public static final String TYPE = "patrol.token.issued.v1";

    @Override
    public String type() {
        return TYPE;
    }
}
