package dev.patrol.domain;

import java.time.Instant;

/**
 * A scope's policy as its last applied event left it; {@code since} is when it took effect;
 * {@code approvalSince} since when it has required approval without a break (null: it does not).
 */
public record PolicyState(
        PolicyScope scope, Policy policy, long version, Instant since, Actor setBy, Instant approvalSince) {

    public PolicyState(PolicyScope scope, Policy policy, long version, Instant since, Actor setBy) {
        this(scope, policy, version, since, setBy, policy.requiresApproval() ? since : null);
    }

    public static PolicyState apply(PolicyState current, PolicySetEvent e) {
        Instant approvalSince = !e.policy().requiresApproval()
                ? null
                : current != null && current.approvalSince() != null ? current.approvalSince() : e.occurredAt();
        return new PolicyState(
                PolicyScope.parse(e.scope()), e.policy(), e.version(), e.occurredAt(), e.actor(), approvalSince);
    }
}
