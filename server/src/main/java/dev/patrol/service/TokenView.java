package dev.patrol.service;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.patrol.domain.Token;
import dev.patrol.repository.TokenQueries;
import dev.patrol.repository.TokenRows;

/**
 * A token as its owner sees it. {@code token} (the plaintext) is present only in the response that
 * creates or regenerates it; Patrol cannot show it again. {@code cutFrom}: organizations an
 * administrator cut it from (it does not act there, whatever {@code organizations} says);
 * {@code justification}: the owner's words for approvers; {@code pendingIn}: organizations where it
 * waits for an administrator's approval (absent: none, or not computed for this answer).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TokenView(
        UUID id,
        UUID familyId,
        String name,
        List<String> scopes,
        boolean allOrganizations,
        List<String> organizations,
        String displayHint,
        Instant createdAt,
        Instant expiresAt,
        String state,
        Instant revokedAt,
        String revokeReason,
        long version,
        String token,
        Instant lastUsedAt,
        String lastUsedIp,
        String lastUsedUserAgent,
        String owner,
        boolean expiryEmails,
        List<String> allowedNetworks,
        List<String> cutFrom,
        String justification,
        List<String> pendingIn) {

    /** The same view naming the owner (administrators' lists; people see only their own tokens). */
    public TokenView withOwner(String ownerId) {
        return new TokenView(
                id,
                familyId,
                name,
                scopes,
                allOrganizations,
                organizations,
                displayHint,
                createdAt,
                expiresAt,
                state,
                revokedAt,
                revokeReason,
                version,
                token,
                lastUsedAt,
                lastUsedIp,
                lastUsedUserAgent,
                ownerId,
                expiryEmails,
                allowedNetworks,
                cutFrom,
                justification,
                pendingIn);
    }

    /** The same view saying where the token waits for approval ({@code organizations}; null: nowhere). */
    public TokenView pending(List<String> organizations) {
        return new TokenView(
                id,
                familyId,
                name,
                scopes,
                allOrganizations,
                this.organizations,
                displayHint,
                createdAt,
                expiresAt,
                state,
                revokedAt,
                revokeReason,
                version,
                token,
                lastUsedAt,
                lastUsedIp,
                lastUsedUserAgent,
                owner,
                expiryEmails,
                allowedNetworks,
                cutFrom,
                justification,
                organizations);
    }

    public static TokenView of(Token t, Instant now) {
        return withSecret(t, now, null);
    }

    public static TokenView of(Token t, Instant now, TokenQueries.LastUse use) {
        TokenView v = of(t, now);
        return use == null
                ? v
                : new TokenView(
                        v.id,
                        v.familyId,
                        v.name,
                        v.scopes,
                        v.allOrganizations,
                        v.organizations,
                        v.displayHint,
                        v.createdAt,
                        v.expiresAt,
                        v.state,
                        v.revokedAt,
                        v.revokeReason,
                        v.version,
                        null,
                        use.at(),
                        use.clientIp(),
                        use.userAgent(),
                        null,
                        v.expiryEmails,
                        v.allowedNetworks,
                        v.cutFrom,
                        v.justification,
                        v.pendingIn);
    }

    public static TokenView withSecret(Token t, Instant now, String plaintext) {
        String state = t.isRevoked() ? "revoked" : t.isExpiredAt(now) ? "expired" : "active";
        return new TokenView(
                t.tokenId(),
                t.familyId(),
                t.name(),
                List.of(TokenRows.sorted(t.scopes())),
                t.organizations().all(),
                List.of(TokenRows.sorted(t.organizations().named())),
                t.displayHint(),
                t.createdAt(),
                t.expiresAt(),
                state,
                t.revokedAt(),
                t.revokeReason() == null
                        ? null
                        : t.revokeReason().name().toLowerCase().replace('_', '-'),
                t.version(),
                plaintext,
                null,
                null,
                null,
                null,
                t.expiryEmails(),
                t.allowedNetworks(),
                List.of(TokenRows.sorted(t.cutFrom())),
                t.justification(),
                null);
    }
}
