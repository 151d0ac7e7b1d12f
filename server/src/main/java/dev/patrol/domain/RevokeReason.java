package dev.patrol.domain;

/** Why a token was revoked. Serialized by name; the names are part of the event schema. */
public enum RevokeReason {
    OWNER,
    ADMIN,
    LEAKED,
    POLICY,
    REUSE_DETECTED,
    /** The identity provider disabled or deleted the owner (an identity event, or an administrator for it). */
    OWNER_DISABLED,
    /**
     * Whoever held the secret revoked it (RFC 7009: a CI system, a colleague who found it, a scanner),
     * not known to be the owner: the owner is told like for any revocation by someone else.
     */
    HOLDER
}
