package dev.patrol.domain;

/**
 * Who caused an event: the token's owner, an administrator, Patrol itself (policy, reuse detection),
 * or an unauthenticated holder of the token's secret (RFC 7009 revocation).
 */
public enum ActorKind {
    USER,
    ADMIN,
    SYSTEM,
    HOLDER
}
