package dev.patrol.domain;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * One message of the revocation broadcast ({@code patrol.token-invalidations.v1}, schema in
 * docs/invalidations.md): which secrets are dead for good and which cached entries are stale.
 *
 * @param reason revoked | regenerated | scopes-changed | expiry-changed | networks-changed |
 *     cut-from-organization | approved-in-organization | quarantined | membership-changed
 * @param organization the organization a {@code cut-from-organization} or {@code approved-in-organization}
 *     is about, else null
 * @param narrowing true when the token may now do less than before (always for revoked/regenerated)
 */
public record Invalidation(
        UUID eventId,
        UUID tokenId,
        String owner,
        String reason,
        String revokeReason,
        boolean narrowing,
        long version,
        Instant effectiveAt,
        List<String> deadSecretHashes,
        List<String> staleSecretHashes,
        String organization) {

    /** An invalidation about the token as a whole (every reason but {@code cut-from-organization}). */
    public Invalidation(
            UUID eventId,
            UUID tokenId,
            String owner,
            String reason,
            String revokeReason,
            boolean narrowing,
            long version,
            Instant effectiveAt,
            List<String> deadSecretHashes,
            List<String> staleSecretHashes) {
        this(
                eventId,
                tokenId,
                owner,
                reason,
                revokeReason,
                narrowing,
                version,
                effectiveAt,
                deadSecretHashes,
                staleSecretHashes,
                null);
    }

    /**
     * A token named by a record Patrol could not apply: every cache drops it, and validation refuses
     * it until the record is resolved. The id is derived from the record's position (stable on replay).
     */
    public static Invalidation quarantined(Token token, int partition, long offset, Instant at) {
        return new Invalidation(
                UUID.nameUUIDFromBytes(("quarantine:" + partition + ":" + offset).getBytes(StandardCharsets.UTF_8)),
                token.tokenId(),
                token.owner(),
                "quarantined",
                null,
                true,
                token.version(),
                at,
                List.of(),
                List.of(token.secretHash()));
    }

    /**
     * A stale cached entry for a token whose owner's membership changed: every cache drops it and
     * reads the owner's organizations again. The id is derived from the identity event and the token.
     */
    public static Invalidation membershipChanged(
            UUID tokenId, String owner, long version, String secretHash, String identityEventId, Instant at) {
        return new Invalidation(
                UUID.nameUUIDFromBytes(
                        ("identity:" + identityEventId + ":" + tokenId).getBytes(StandardCharsets.UTF_8)),
                tokenId,
                owner,
                "membership-changed",
                null,
                true,
                version,
                at,
                List.of(),
                List.of(secretHash));
    }

    /**
     * The invalidation an applied event calls for, or null (issue, rename, expiry mails). Pure, and
     * exhaustive over the sealed TokenEvent: a new event does not compile until it says what caches do.
     */
    public static Invalidation of(Token before, TokenEvent event) {
        return switch (event) {
            case TokenRevokedEvent e ->
                new Invalidation(
                        e.eventId(),
                        e.tokenId(),
                        before.owner(),
                        "revoked",
                        e.reason().name().toLowerCase().replace('_', '-'),
                        true,
                        e.version(),
                        e.occurredAt(),
                        List.of(before.secretHash()),
                        List.of());
            case TokenRegeneratedEvent e ->
                new Invalidation(
                        e.eventId(),
                        e.tokenId(),
                        before.owner(),
                        "regenerated",
                        null,
                        true,
                        e.version(),
                        e.occurredAt(),
                        List.of(e.previousSecretHash()),
                        List.of());
            case TokenScopesChangedEvent e ->
                new Invalidation(
                        e.eventId(),
                        e.tokenId(),
                        before.owner(),
                        "scopes-changed",
                        null,
                        !ScopeCatalogue.isWithin(before.scopes(), e.scopes())
                                || !before.organizations().isWithin(e.organizations()),
                        e.version(),
                        e.occurredAt(),
                        List.of(),
                        List.of(before.secretHash()));
            case TokenExpiryChangedEvent e ->
                new Invalidation(
                        e.eventId(),
                        e.tokenId(),
                        before.owner(),
                        "expiry-changed",
                        null,
                        e.expiresAt().isBefore(before.expiresAt()),
                        e.version(),
                        e.occurredAt(),
                        List.of(),
                        List.of(before.secretHash()));
            case TokenNetworksChangedEvent e ->
                new Invalidation(
                        e.eventId(),
                        e.tokenId(),
                        before.owner(),
                        "networks-changed",
                        null,
                        !Networks.covers(e.allowedNetworks(), before.allowedNetworks()),
                        e.version(),
                        e.occurredAt(),
                        List.of(),
                        List.of(before.secretHash()));
            case TokenCutFromOrganizationEvent e ->
                new Invalidation(
                        e.eventId(),
                        e.tokenId(),
                        before.owner(),
                        "cut-from-organization",
                        null,
                        true,
                        e.version(),
                        e.occurredAt(),
                        List.of(),
                        List.of(before.secretHash()),
                        e.organization());
            case TokenApprovedInOrganizationEvent e ->
                new Invalidation(
                        e.eventId(),
                        e.tokenId(),
                        before.owner(),
                        "approved-in-organization",
                        null,
                        false,
                        e.version(),
                        e.occurredAt(),
                        List.of(),
                        List.of(before.secretHash()),
                        e.organization());
            case TokenJustificationChangedEvent e -> null;
            // Nothing a cache holds becomes wrong: the name and the mail setting are not validated.
            case TokenIssuedEvent e -> null;
            case TokenRenamedEvent e -> null;
            case TokenExpiryEmailsChangedEvent e -> null;
        };
    }
}
