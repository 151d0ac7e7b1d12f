package dev.patrol.repository;

import java.time.Instant;
import java.util.UUID;

/** Where a secret scanner found one of a person's tokens (never the token, not even its hash). */
public record LeakFinding(
        UUID id,
        UUID tokenId,
        String owner,
        String url,
        String source,
        String reporterIp,
        Instant reportedAt,
        Outcome outcome) {

    /** What the report did to the token; {@link #wireName} is what the database and the API hold. */
    public enum Outcome {
        /** The report revoked it. */
        REVOKED("revoked"),
        /** It was revoked already (by its owner, or by an earlier report). */
        ALREADY_INACTIVE("already-inactive"),
        /** The revocation was refused or never confirmed, even after retries: it may still be active. */
        FAILED("failed");

        private final String wireName;

        Outcome(String wireName) {
            this.wireName = wireName;
        }

        public String wireName() {
            return wireName;
        }

        public static Outcome ofWireName(String name) {
            for (Outcome o : values()) {
                if (o.wireName.equals(name)) {
                    return o;
                }
            }
            throw new IllegalArgumentException("unknown leak finding outcome");
        }
    }
}
