package dev.patrol.edge;

import java.time.Instant;
import java.util.Set;
import java.util.UUID;

import dev.patrol.domain.OrganizationBinding;
import dev.patrol.domain.Token;

/** What validation needs of a token, as cached at the edge. Revoked tokens are never cached here. */
public record ValidToken(
        UUID tokenId,
        UUID familyId,
        String owner,
        String name,
        Set<String> scopes,
        OrganizationBinding organizations,
        Set<String> ownerOrganizations,
        Instant createdAt,
        Instant expiresAt,
        long version) {

    /** @param ownerOrganizations the owner's organizations as last seen (null: never seen) */
    public static ValidToken of(Token t, Set<String> ownerOrganizations) {
        return new ValidToken(
                t.tokenId(),
                t.familyId(),
                t.owner(),
                t.name(),
                t.scopes(),
                t.organizations(),
                ownerOrganizations == null ? null : Set.copyOf(ownerOrganizations),
                t.createdAt(),
                t.expiresAt(),
                t.version());
    }

    /** The organizations the token may act in now, sorted. */
    public java.util.List<String> effectiveOrganizations() {
        Set<String> orgs = organizations.all()
                ? (ownerOrganizations == null ? Set.of() : ownerOrganizations)
                : organizations.named();
        return orgs.stream().sorted().toList();
    }

    /**
     * Named organizations are fixed; "all organizations" means those the owner belongs to as last
     * seen through OIDC. Unknown membership allows nothing (fail closed).
     */
    public boolean allowsOrganization(String organization) {
        if (organizations.all()) {
            return ownerOrganizations != null && ownerOrganizations.contains(organization);
        }
        return organizations.named().contains(organization);
    }
}
