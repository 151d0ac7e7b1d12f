package dev.patrol.domain;

/**
 * Replace the policy of {@code scope} with {@code policy} (every rule; a rule left null is unset).
 * {@code expectedVersion}: the version the administrator read (If-Match), or null to overwrite.
 */
public record SetPolicyCommand(PolicyScope scope, Policy policy, Long expectedVersion, Actor actor) {}
