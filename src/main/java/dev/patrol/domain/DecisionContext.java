package dev.patrol.domain;

import java.time.Instant;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Everything a decision depends on besides the token: the clock, the policy, the caller's
 * organizations (from their OIDC identity) and a source of event ids. Passing them in keeps
 * {@link TokenDecider} a pure function.
 */
public record DecisionContext(
        Instant now, TokenPolicy policy, Set<String> callerOrganizations, Supplier<UUID> newEventId) {}
