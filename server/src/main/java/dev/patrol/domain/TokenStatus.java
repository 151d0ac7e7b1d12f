package dev.patrol.domain;

/** Lifecycle status recorded by events. Expiry is not a status: it is checked at request time. */
public enum TokenStatus {
    ACTIVE,
    REVOKED
}
