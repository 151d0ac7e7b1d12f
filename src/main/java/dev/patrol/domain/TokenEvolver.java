package dev.patrol.domain;

/**
 * Applies an event to a token's state: a pure function with no decisions in it (the event carries
 * the resulting values), so replaying the log rebuilds the same state.
 */
public final class TokenEvolver {

    private TokenEvolver() {}

    /** @param current the state before, null before the token exists */
    public static Token apply(Token current, TokenEvent event) {
        if (event instanceof TokenIssuedEvent e) {
            return new Token(
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
                    true);
        }
        if (event instanceof TokenRenamedEvent e) {
            return current.renamed(e.name(), e.version());
        }
        if (event instanceof TokenScopesChangedEvent e) {
            return current.rescoped(e.scopes(), e.organizations(), e.version());
        }
        if (event instanceof TokenExpiryChangedEvent e) {
            return current.expiringAt(e.expiresAt(), e.version());
        }
        if (event instanceof TokenRegeneratedEvent e) {
            return current.withSecret(e.secretHash(), e.displayHint(), e.version());
        }
        if (event instanceof TokenExpiryEmailsChangedEvent e) {
            return current.withExpiryEmails(e.expiryEmails(), e.version());
        }
        if (event instanceof TokenRevokedEvent e) {
            return current.revoked(e.occurredAt(), e.reason(), e.version());
        }
        throw new IllegalArgumentException("unknown event " + event.type());
    }
}
