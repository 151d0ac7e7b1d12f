package dev.patrol.edge;

import java.time.Instant;
import java.util.Set;
import java.util.UUID;

import dev.patrol.domain.Networks;
import dev.patrol.domain.OrganizationBinding;
import dev.patrol.domain.Token;

/**
 * What validation needs of a token, as cached at the edge. Revoked tokens are never cached here.
 * {@code approvedIn}: the organizations whose approval covers the token as it is; {@code
 * widenedOrCreatedAt}: when it last gained power, or was created (for an approval rule's start).
 */
public record ValidToken(
        UUID tokenId,
        UUID familyId,
        String owner,
        String name,
        Set<String> scopes,
        OrganizationBinding organizations,
        Set<String> cutFrom,
        Set<String> approvedIn,
        Set<String> ownerOrganizations,
        Instant createdAt,
        Instant widenedOrCreatedAt,
        Instant expiresAt,
        long version,
        Networks networks,
        Text text) {

    /**
     * The token's identity as a gateway receives it (headers of {@code /auth/check}), written once
     * per cache entry instead of on every check.
     */
    public record Text(String tokenId, String scopes, String organizations, String expiresAt, String displayHint) {}

    /** @param ownerOrganizations the owner's organizations as last seen (null: never seen) */
    public static ValidToken of(Token t, Set<String> ownerOrganizations) {
        Set<String> owners = ownerOrganizations == null ? null : Set.copyOf(ownerOrganizations);
        Text text = new Text(
                t.tokenId().toString(),
                String.join(" ", t.scopes().stream().sorted().toList()),
                String.join(",", effectiveOrganizations(t.organizations(), t.cutFrom(), owners)),
                t.expiresAt().toString(),
                t.displayHint());
        return new ValidToken(
                t.tokenId(),
                t.familyId(),
                t.owner(),
                t.name(),
                t.scopes(),
                t.organizations(),
                t.cutFrom(),
                t.approvals().keySet().stream()
                        .filter(t::approvedIn)
                        .collect(java.util.stream.Collectors.toUnmodifiableSet()),
                owners,
                t.createdAt(),
                t.widenedOrCreatedAt(),
                t.expiresAt(),
                t.version(),
                Networks.of(t.allowedNetworks()),
                text);
    }

    /**
     * The organizations the token may act in now, sorted: those it is bound to, and not cut from, in
     * which its owner is still a member (as last seen through OIDC and narrowed by identity events).
     * Unknown membership allows nothing (fail closed).
     */
    public java.util.List<String> effectiveOrganizations() {
        return effectiveOrganizations(organizations, cutFrom, ownerOrganizations);
    }

    private static java.util.List<String> effectiveOrganizations(
            OrganizationBinding organizations, Set<String> cutFrom, Set<String> ownerOrganizations) {
        if (ownerOrganizations == null) {
            return java.util.List.of();
        }
        return (organizations.all() ? ownerOrganizations : organizations.named())
                .stream()
                        .filter(o -> ownerOrganizations.contains(o) && !cutFrom.contains(o))
                        .sorted()
                        .toList();
    }

    /** Whether the token may act in {@code organization} now (see {@link #effectiveOrganizations}). */
    public boolean allowsOrganization(String organization) {
        return ownerOrganizations != null
                && ownerOrganizations.contains(organization)
                && (organizations.all() || organizations.named().contains(organization))
                && !cutFrom.contains(organization);
    }

    /**
     * Bound to named organizations of which the owner is in none any more (or that it was cut from):
     * the token can act nowhere.
     */
    public boolean orphaned() {
        // On every validation, cached or not: no list, no sort.
        return !organizations.all()
                && (ownerOrganizations == null
                        || organizations.named().stream()
                                .noneMatch(o -> ownerOrganizations.contains(o) && !cutFrom.contains(o)));
    }
}
