package dev.patrol.domain;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * The state of one token, as the fold of its events leaves it. Never holds the plaintext secret,
 * only its SHA-256 hash. {@code expiryEmails}: whether its owner wants expiry notices by mail;
 * {@code allowedNetworks}: the CIDR blocks it may be used from ({@link Networks}), empty for anywhere;
 * {@code cutFrom}: organizations an administrator cut it from, where it may not act whatever its binding.
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
        boolean expiryEmails,
        List<String> allowedNetworks,
        Set<String> cutFrom) {

    public Token {
        scopes = Set.copyOf(scopes);
        allowedNetworks = List.copyOf(allowedNetworks);
        cutFrom = SortedSets.of(cutFrom);
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
                expiryEmails,
                allowedNetworks,
                cutFrom);
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
                expiryEmails,
                allowedNetworks,
                cutFrom);
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
                expiryEmails,
                allowedNetworks,
                cutFrom);
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
                expiryEmails,
                allowedNetworks,
                cutFrom);
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
                expiryEmails,
                allowedNetworks,
                cutFrom);
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
                wanted,
                allowedNetworks,
                cutFrom);
    }

    Token withNetworks(List<String> networks, long newVersion) {
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
                expiryEmails,
                networks,
                cutFrom);
    }

    Token cutFrom(String organization, long newVersion) {
        Set<String> cut = new java.util.TreeSet<>(cutFrom);
        cut.add(organization);
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
                expiryEmails,
                allowedNetworks,
                cut);
    }

    /** The organizations the token's binding names and no administrator cut it from (for a named binding). */
    public Set<String> namedAndNotCut() {
        Set<String> left = new java.util.TreeSet<>(organizations.named());
        left.removeAll(cutFrom);
        return left;
    }

    public boolean isRevoked() {
        return status == TokenStatus.REVOKED;
    }

    public boolean isExpiredAt(Instant now) {
        return !now.isBefore(expiresAt);
    }
}
