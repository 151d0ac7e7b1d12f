package dev.patrol.domain;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * The token may act in {@code organization}, where the policy requires approval, with these
 * {@code scopes} until {@code until} from {@code allowedNetworks} (what the approver saw; empty: anywhere).
 * {@code note}: the approver's words or null.
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
        Instant until,
        List<String> allowedNetworks)
        implements TokenEvent {

    public TokenApprovedInOrganizationEvent {
        scopes = SortedSets.of(scopes);
        allowedNetworks = List.copyOf(allowedNetworks);
    }

    public static final String TYPE = "patrol.token.approved-in-organization.v1";

    @Override
    public String type() {
        return TYPE;
    }
}
