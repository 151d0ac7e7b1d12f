package dev.patrol.domain;

/** The outcome of deciding a policy change. */
public sealed interface PolicyDecision {

    record Accepted(PolicySetEvent event) implements PolicyDecision {}

    record Rejected(Rejection rejection) implements PolicyDecision {}
}
