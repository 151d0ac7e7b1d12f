package dev.patrol.domain;

import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * An organization's administrator approved a token there as it then was: these {@code scopes}, acting
 * {@code until} this expiry, from these {@code networks} (empty: anywhere). Widening its scopes or
 * networks or extending its expiry beyond them is a change the approver did not see: the token is
 * pending there again (a regeneration's new expiry is not).
 */
public record Approval(Set<String> scopes, Instant until, List<String> networks, Instant at, String by) {

    public Approval {
        scopes = SortedSets.of(scopes);
        networks = List.copyOf(networks);
    }

    /** Whether this approval still covers the token as it is (its networks empty: anywhere). */
    public boolean covers(Set<String> tokenScopes, Instant expiresAt, List<String> tokenNetworks) {
        return ScopeCatalogue.isWithin(tokenScopes, scopes)
                && !expiresAt.isAfter(until)
                && Networks.covers(networks, tokenNetworks);
    }
}
