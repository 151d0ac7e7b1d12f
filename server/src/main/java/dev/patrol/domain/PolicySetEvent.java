package dev.patrol.domain;

import java.time.Instant;
import java.util.UUID;

/**
 * The policy of a scope was replaced. Carries the whole resulting policy, so replaying the policy
 * topic runs no rules. {@code scope} is the policy's name ({@code global}, {@code organization:NAME}).
 */
public record PolicySetEvent(UUID eventId, String scope, long version, Instant occurredAt, Actor actor, Policy policy) {

    public static final String TYPE = "patrol.policy.set.v1";
}
