package dev.patrol.domain;

import java.time.Instant;
import java.util.Set;
import java.util.UUID;

/**
 * The token may act in {@code organization}, where the policy requires approval, with these
 * {@code scopes} until {@code until} (what the approver saw). {@code note}: the approver's words or null.
 */
public record TokenApprovedInOrganizationEvent(
        UUID eventId,
        UUID tokenId,
        long version,
        Instant occurredAt,
        Actor actor,
        String organization,
        String note,
        Set<String> scopes,
        Instant until)
        implements TokenEvent {

    public TokenApprovedInOrganizationEvent {
        scopes = SortedSets.of(scopes);
    }

    public static final String TYPE = "patrol.token.approved-in-organization.v1";

    @Override
    public String type() {
        return TYPE;
    }
}
