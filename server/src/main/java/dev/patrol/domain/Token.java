package dev.patrol.domain;

import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;

/**
 * The state of one token, as the fold of its events leaves it. Never holds the plaintext secret,
 * only its SHA-256 hash. {@code expiryEmails}: whether its owner wants expiry notices by mail;
 * {@code allowedNetworks}: the CIDR blocks it may be used from ({@link Networks}), empty for anywhere;
 * {@code cutFrom}: organizations an administrator cut it from, where it may not act whatever its binding;
 * {@code approvals}: per organization that requires approval, what its administrators approved;
 * {@code justification}: the owner's words for those approvers (null: none); {@code widenedAt}: when a
 * change last let it do more than before (scopes, organizations, networks, a later expiry; null: not
 * since its creation), which decides whether it still counts as made before an approval rule.
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
        Set<String> cutFrom,
        Map<String, Approval> approvals,
        String justification,
        Instant widenedAt) {

    public Token {
        scopes = Set.copyOf(scopes);
        allowedNetworks = List.copyOf(allowedNetworks);
        cutFrom = SortedSets.of(cutFrom);
        approvals = Collections.unmodifiableSortedMap(new TreeMap<>(approvals));
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
                cutFrom,
                approvals,
                justification,
                widenedAt);
    }

    Token rescoped(Set<String> newScopes, OrganizationBinding newOrganizations, Instant at, long newVersion) {
        boolean widened = !ScopeCatalogue.isWithin(newScopes, scopes) || !newOrganizations.isWithin(organizations);
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
                cutFrom,
                approvals,
                justification,
                widened ? at : widenedAt);
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
                cutFrom,
                approvals,
                justification,
                widenedAt);
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
                cutFrom,
                approvals,
                justification,
                widenedAt);
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
                cutFrom,
                approvals,
                justification,
                widenedAt);
    }

    Token withNetworks(List<String> networks, Instant at, long newVersion) {
        boolean widened = !Networks.covers(allowedNetworks, networks);
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
                cutFrom,
                approvals,
                justification,
                widened ? at : widenedAt);
    }

    Token withJustification(String newJustification, long newVersion) {
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
                cutFrom,
                approvals,
                newJustification,
                widenedAt);
    }

    /**
     * A new expiry; a regeneration's carries over the approvals that covered the token before it, any
     * other change leaves them as they are (and an extension beyond them makes the token pending).
     */
    Token expiringAt(Instant newExpiresAt, boolean regeneration, Instant at, long newVersion) {
        boolean widened = !regeneration && newExpiresAt.isAfter(expiresAt);
        Map<String, Approval> carried = approvals;
        if (regeneration && !approvals.isEmpty()) {
            SortedMap<String, Approval> next = new TreeMap<>();
            approvals.forEach((org, a) -> next.put(
                    org,
                    a.covers(scopes, expiresAt, allowedNetworks) && newExpiresAt.isAfter(a.until())
                            ? new Approval(a.scopes(), newExpiresAt, a.networks(), a.at(), a.by())
                            : a));
            carried = next;
        }
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
                cutFrom,
                carried,
                justification,
                widened ? at : widenedAt);
    }

    Token cutFrom(String organization, long newVersion) {
        Set<String> cut = new TreeSet<>(cutFrom);
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
                cut,
                approvals,
                justification,
                widenedAt);
    }

    Token approvedIn(String organization, Approval approval, long newVersion) {
        SortedMap<String, Approval> next = new TreeMap<>(approvals);
        next.put(organization, approval);
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
                cutFrom,
                next,
                justification,
                widenedAt);
    }

    /** The organizations the token's binding names and no administrator cut it from (for a named binding). */
    public Set<String> namedAndNotCut() {
        Set<String> left = new TreeSet<>(organizations.named());
        left.removeAll(cutFrom);
        return left;
    }

    /** When the token last gained power (a widening change), or was created: what an approval rule's start is compared with. */
    public Instant widenedOrCreatedAt() {
        return widenedAt != null ? widenedAt : createdAt;
    }

    /** Whether an approval in {@code organization} covers the token as it is now. */
    public boolean approvedIn(String organization) {
        Approval a = approvals.get(organization);
        return a != null && a.covers(scopes, expiresAt, allowedNetworks);
    }

    public boolean isRevoked() {
        return status == TokenStatus.REVOKED;
    }

    public boolean isExpiredAt(Instant now) {
        return !now.isBefore(expiresAt);
    }
}
