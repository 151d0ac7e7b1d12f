package dev.patrol.domain;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Applies an event to a token's state: a pure function with no decisions in it (the event carries
 * the resulting values), so replaying the log rebuilds the same state.
 */
public final class TokenEvolver {

    private TokenEvolver() {}

    /** @param current the state before, null before the token exists */
    public static Token apply(Token current, TokenEvent event) {
        // Exhaustive over the sealed TokenEvent: a new event does not compile until it is applied here.
        return switch (event) {
            case TokenIssuedEvent e ->
                new Token(
                        e.tokenId(),
                        e.familyId(),
                        e.owner(),
                        e.name(),
                        e.scopes(),
                        e.organizations(),
                        e.secretHash(),
                        e.displayHint(),
                        e.occurredAt(),
                        e.expiresAt(),
                        TokenStatus.ACTIVE,
                        null,
                        null,
                        e.version(),
                        true,
                        List.of(),
                        Set.of(),
                        Map.of(),
                        null,
                        null);
            case TokenRenamedEvent e -> current.renamed(e.name(), e.version());
            case TokenScopesChangedEvent e ->
                current.rescoped(e.scopes(), e.organizations(), e.occurredAt(), e.version());
            case TokenExpiryChangedEvent e ->
                current.expiringAt(e.expiresAt(), e.regeneration(), e.occurredAt(), e.version());
            case TokenRegeneratedEvent e -> current.withSecret(e.secretHash(), e.displayHint(), e.version());
            case TokenExpiryEmailsChangedEvent e -> current.withExpiryEmails(e.expiryEmails(), e.version());
            case TokenNetworksChangedEvent e -> current.withNetworks(e.allowedNetworks(), e.occurredAt(), e.version());
            case TokenCutFromOrganizationEvent e -> current.cutFrom(e.organization(), e.version());
            case TokenApprovedInOrganizationEvent e ->
                current.approvedIn(
                        e.organization(),
                        new Approval(
                                e.scopes(),
                                e.until(),
                                e.allowedNetworks(),
                                e.occurredAt(),
                                e.actor().id()),
                        e.version());
            case TokenJustificationChangedEvent e -> current.withJustification(e.justification(), e.version());
            case TokenRevokedEvent e -> current.revoked(e.occurredAt(), e.reason(), e.version());
        };
    }
}
