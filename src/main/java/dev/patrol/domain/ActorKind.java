package dev.patrol.domain;

/** Who caused an event: the token's owner, an administrator, or Patrol itself (policy, reuse detection). */
public enum ActorKind {
    USER,
    ADMIN,
    SYSTEM
}
