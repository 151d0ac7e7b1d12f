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
        QUARANTINED,
        /** A governance policy refuses tokens like this one (its name and rule in the detail). */
        POLICY,
        /** Bound to named organizations of which its owner is no longer a member. */
        OWNER_NOT_MEMBER,
        /**
         * Presented from an address outside the token's allowed networks, or the global policy's
         * (detail {@code global}), or from an unknown one.
         */
        NETWORK
    }

    record Valid(ValidToken token) implements Validation {}

    /**
     * {@code detail}: for {@link Refusal#POLICY}, the policy and its rule; for {@link Refusal#NETWORK},
     * {@code global} when the global policy's networks refused it; else null.
     */
    record Refused(Refusal refusal, String detail) implements Validation {

        public Refused(Refusal refusal) {
            this(refusal, null);
        }
    }

    /**
     * The answer cannot be known now: fail closed. {@code shed}: not asked at all because too many
     * lookups are in flight ({@link Shed}), null when a dependency (database, policies) failed.
     */
    record Unavailable(Shed shed) implements Validation {

        public Unavailable() {
            this(null);
        }
    }

    /** A lookup refused by load shedding: the client's share (429) or the instance's bound (503). */
    enum Shed {
        CLIENT,
        INSTANCE
    }
}
