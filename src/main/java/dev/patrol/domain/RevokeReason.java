package dev.patrol.domain;

/** Why a token was revoked. Serialized by name; the names are part of the event schema. */
public enum RevokeReason {
    OWNER,
    ADMIN,
    LEAKED,
    POLICY,
    REUSE_DETECTED,
    /** The identity provider disabled or deleted the owner (an identity event, or an administrator for it). */
    OWNER_DISABLED
}
