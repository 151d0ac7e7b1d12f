package dev.patrol.validation;

import dev.patrol.edge.ValidToken;

/** The answer to "is this presented secret a usable token right now?". */
public sealed interface Validation {

    /** Why a credential is refused. */
    enum Refusal {
        /** Not a Patrol token (shape or checksum): refused without cache or database. */
        MALFORMED,
        /** Well-formed but no token has this secret. */
        UNKNOWN,
        EXPIRED,
        REVOKED,
        /** A secret that was replaced (regenerated or rotated) and is presented again: reuse. */
        REPLACED,
        /** A record about the token could not be applied (dead-lettered): refused until resolved. */
        QUARANTINED
    }

    record Valid(ValidToken token) implements Validation {}

    record Refused(Refusal refusal) implements Validation {}

    /** The answer cannot be known (database unreachable and nothing cached): fail closed. */
    record Unavailable() implements Validation {}
}
