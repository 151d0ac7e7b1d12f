package dev.patrol.domain;

import java.time.Instant;
import java.util.Set;
import java.util.UUID;

/**
 * The state of one token, as the fold of its events leaves it. Never holds the plaintext secret,
 * only its SHA-256 hash. {@code expiryEmails}: whether its owner wants expiry notices by mail.
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
        long version,
        boolean expiryEmails) {

    public Token {
        scopes = Set.copyOf(scopes);
    }

    // Copies with one part changed and the version the change reached (used by TokenEvolver).

    Token renamed(String newName, long newVersion) {
        return new Token(
                tokenId,
                familyId,
                owner,
                newName,
                scopes,
                organizations,
                secretHash,
                displayHint,
                createdAt,
                expiresAt,
                status,
                revokedAt,
                revokeReason,
                newVersion,
                expiryEmails);
    }

    Token rescoped(Set<String> newScopes, OrganizationBinding newOrganizations, long newVersion) {
        return new Token(
                tokenId,
                familyId,
                owner,
                name,
                newScopes,
                newOrganizations,
                secretHash,
                displayHint,
                createdAt,
                expiresAt,
                status,
                revokedAt,
                revokeReason,
                newVersion,
                expiryEmails);
    }

    Token expiringAt(Instant newExpiresAt, long newVersion) {
        return new Token(
                tokenId,
                familyId,
                owner,
                name,
                scopes,
                organizations,
                secretHash,
                displayHint,
                createdAt,
                newExpiresAt,
                status,
                revokedAt,
                revokeReason,
                newVersion,
                expiryEmails);
    }

    Token withSecret(String newSecretHash, String newDisplayHint, long newVersion) {
        return new Token(
                tokenId,
                familyId,
                owner,
                name,
                scopes,
                organizations,
                newSecretHash,
                newDisplayHint,
                createdAt,
                expiresAt,
                status,
                revokedAt,
                revokeReason,
                newVersion,
                expiryEmails);
    }

    Token revoked(Instant at, RevokeReason reason, long newVersion) {
        return new Token(
                tokenId,
                familyId,
                owner,
                name,
                scopes,
                organizations,
                secretHash,
                displayHint,
                createdAt,
                expiresAt,
                TokenStatus.REVOKED,
                at,
                reason,
                newVersion,
                expiryEmails);
    }

    Token withExpiryEmails(boolean wanted, long newVersion) {
        return new Token(
                tokenId,
                familyId,
                owner,
                name,
                scopes,
                organizations,
                secretHash,
                displayHint,
                createdAt,
                expiresAt,
                status,
                revokedAt,
                revokeReason,
                newVersion,
                wanted);
    }

    public boolean isRevoked() {
        return status == TokenStatus.REVOKED;
    }

    public boolean isExpiredAt(Instant now) {
        return !now.isBefore(expiresAt);
    }
}
