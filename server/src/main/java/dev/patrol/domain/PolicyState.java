package dev.patrol.domain;

import java.time.Instant;

/** A scope's policy as its last applied event left it; {@code since} is when it took effect. */
public record PolicyState(PolicyScope scope, Policy policy, long version, Instant since, Actor setBy) {

    public static PolicyState apply(PolicyState current, PolicySetEvent e) {
        return new PolicyState(PolicyScope.parse(e.scope()), e.policy(), e.version(), e.occurredAt(), e.actor());
    }
}
