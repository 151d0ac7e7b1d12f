package dev.patrol.domain;

import java.time.Instant;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Everything a decision depends on besides the token: the clock, the deployment's rules, the
 * governance policies in force, the caller's organizations (from their OIDC identity; for a token
 * acting on itself, its owner's), how many active tokens the owner has (only needed to create one)
 * and a source of event ids. Passing them in keeps {@link TokenDecider} a pure function.
 */
public record DecisionContext(
        Instant now,
        TokenPolicy policy,
        Set<String> callerOrganizations,
        Supplier<UUID> newEventId,
        Policies policies,
        Integer ownerActiveTokens) {

    public DecisionContext(
            Instant now, TokenPolicy policy, Set<String> callerOrganizations, Supplier<UUID> newEventId) {
        this(now, policy, callerOrganizations, newEventId, Policies.NONE, null);
    }
}
