package dev.patrol.domain;

import java.time.Instant;
import java.util.Set;
import java.util.UUID;

/**
 * The state of one token, as the fold of its events leaves it. Never holds the plaintext secret,
 * only its SHA-256 hash.
 */
public record Token(
        UUID tokenId,
        UUID familyId,
        String owner,
        String name,
        Set<String> scopes,
        OrganizationBinding organizations,
        String secretHash,
        String displayHint,
        Instant createdAt,
        Instant expiresAt,
        TokenStatus status,
        Instant revokedAt,
        RevokeReason revokeReason,
        long version) {

    public Token {
        scopes = Set.copyOf(scopes);
    }

    public boolean isRevoked() {
        return status == TokenStatus.REVOKED;
    }

    public boolean isExpiredAt(Instant now) {
        return !now.isBefore(expiresAt);
    }
}
