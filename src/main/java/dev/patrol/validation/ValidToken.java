package dev.patrol.validation;

import java.time.Instant;
import java.util.Set;
import java.util.UUID;

import dev.patrol.domain.OrganizationBinding;
import dev.patrol.domain.Token;

/** What validation needs of a token, as cached at the edge. Revoked tokens are never cached here. */
public record ValidToken(UUID tokenId, UUID familyId, String owner, String name, Set<String> scopes,
        OrganizationBinding organizations, Instant createdAt, Instant expiresAt, long version) {

    public static ValidToken of(Token t) {
        return new ValidToken(t.tokenId(), t.familyId(), t.owner(), t.name(), t.scopes(), t.organizations(),
                t.createdAt(), t.expiresAt(), t.version());
    }

    public boolean allowsOrganization(String organization) {
        return organizations.all() || organizations.named().contains(organization);
    }
}
