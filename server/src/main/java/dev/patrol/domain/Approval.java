package dev.patrol.domain;

import java.time.Instant;
import java.util.Set;

/**
 * An organization's administrator approved a token there as it then was: these {@code scopes}, acting
 * {@code until} this expiry. Widening its scopes or extending its expiry beyond them is a change the
 * approver did not see: the token is pending there again (a regeneration's new expiry is not).
 */
public record Approval(Set<String> scopes, Instant until, Instant at, String by) {

    public Approval {
        scopes = SortedSets.of(scopes);
    }

    /** Whether this approval still covers the token as it is. */
    public boolean covers(Set<String> tokenScopes, Instant expiresAt) {
        return ScopeCatalogue.isWithin(tokenScopes, scopes) && !expiresAt.isAfter(until);
    }
}
