package dev.patrol.domain;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Decides commands against a token's current state: pure functions, no I/O, no clock of their own.
 * A user may only act on their own tokens (someone else's is "not found"); an administrator on any.
 * Instants are kept to the microsecond (what the read model stores).
 */
public final class TokenDecider {

    private TokenDecider() {}

    /**
     * Decides several commands on one token as a unit (one PATCH): each sees the state the previous
     * ones leave; one rejection rejects all.
     */
    public static Decision decideAll(Token current, List<? extends TokenCommand> commands, DecisionContext ctx) {
        List<TokenEvent> events = new ArrayList<>();
        Token state = current;
        for (TokenCommand command : commands) {
            Decision d = decide(state, command, ctx);
            if (d instanceof Decision.Rejected) {
                return d;
            }
            for (TokenEvent e : ((Decision.Accepted) d).events()) {
                events.add(e);
                state = TokenEvolver.apply(state, e);
            }
        }
        return new Decision.Accepted(events);
    }

    public static Decision decide(Token current, TokenCommand command, DecisionContext ctx) {
        if (command instanceof IssueTokenCommand issue) {
            return issue(current, issue, ctx);
        }
        if (current == null || !mayAct(command.actor(), current)) {
            return new Decision.Rejected(Rejection.notFound());
        }
        if (current.isRevoked()) {
            return new Decision.Rejected(Rejection.conflict("the token is revoked; a revoked token cannot change"));
        }
        long v = current.version() + 1;
        UUID id = ctx.newEventId().get();
        Instant now = ctx.now();
        if (command instanceof RenameTokenCommand c) {
            Rejection bad = checkName(c.name(), ctx.policy());
            if (bad != null) {
                return new Decision.Rejected(bad);
            }
            String name = c.name().strip();
            return name.equals(current.name())
                    ? none()
                    : accepted(new TokenRenamedEvent(id, c.tokenId(), v, now, c.actor(), name));
        }
        if (command instanceof ChangeTokenScopesCommand c) {
            Set<String> scopes = c.scopes() == null ? current.scopes() : c.scopes();
            OrganizationBinding orgs = c.organizations() == null ? current.organizations() : c.organizations();
            Rejection bad = checkScopes(scopes, ctx.policy());
            if (bad == null && c.organizations() != null) {
                bad = checkOrganizations(orgs, ctx.callerOrganizations());
            }
            if (bad != null) {
                return new Decision.Rejected(bad);
            }
            return scopes.equals(current.scopes()) && orgs.equals(current.organizations())
                    ? none()
                    : accepted(
                            new TokenScopesChangedEvent(id, c.tokenId(), v, now, c.actor(), Set.copyOf(scopes), orgs));
        }
        if (command instanceof ChangeTokenExpiryCommand c) {
            Rejection bad = checkExpiry(c.expiresAt(), ctx);
            if (bad != null) {
                return new Decision.Rejected(bad);
            }
            Instant expiresAt = c.expiresAt().truncatedTo(ChronoUnit.MICROS);
            return expiresAt.equals(current.expiresAt())
                    ? none()
                    : accepted(new TokenExpiryChangedEvent(id, c.tokenId(), v, now, c.actor(), expiresAt));
        }
        if (command instanceof RegenerateTokenCommand c) {
            return accepted(new TokenRegeneratedEvent(
                    id,
                    c.tokenId(),
                    v,
                    now,
                    c.actor(),
                    c.secretHash(),
                    c.displayHint(),
                    current.secretHash(),
                    c.selfRotation()));
        }
        RevokeTokenCommand c = (RevokeTokenCommand) command;
        return accepted(new TokenRevokedEvent(id, c.tokenId(), v, now, c.actor(), c.reason()));
    }

    private static Decision issue(Token current, IssueTokenCommand c, DecisionContext ctx) {
        if (current != null) {
            return new Decision.Rejected(Rejection.conflict("a token with this id exists"));
        }
        Instant expiresAt = (c.expiresAt() != null
                        ? c.expiresAt()
                        : ctx.now().plus(ctx.policy().defaultLifetime()))
                .truncatedTo(ChronoUnit.MICROS);
        Rejection bad = checkName(c.name(), ctx.policy());
        if (bad == null) {
            bad = checkScopes(c.scopes(), ctx.policy());
        }
        if (bad == null) {
            bad = checkOrganizations(c.organizations(), ctx.callerOrganizations());
        }
        if (bad == null) {
            bad = checkExpiry(expiresAt, ctx);
        }
        if (bad != null) {
            return new Decision.Rejected(bad);
        }
        return accepted(new TokenIssuedEvent(
                ctx.newEventId().get(),
                c.tokenId(),
                1,
                ctx.now(),
                c.actor(),
                c.tokenId(),
                c.actor().id(),
                c.name().strip(),
                Set.copyOf(c.scopes()),
                c.organizations(),
                c.secretHash(),
                c.displayHint(),
                expiresAt));
    }

    private static boolean mayAct(Actor actor, Token token) {
        return actor.kind() != ActorKind.USER || token.owner().equals(actor.id());
    }

    private static Decision accepted(TokenEvent event) {
        return new Decision.Accepted(List.of(event));
    }

    private static Decision none() {
        return new Decision.Accepted(List.of());
    }

    static Rejection checkName(String name, TokenPolicy policy) {
        if (name == null || name.isBlank()) {
            return Rejection.invalid("name", "a name is required");
        }
        String n = name.strip();
        if (n.length() > policy.maxNameLength()) {
            return Rejection.invalid("name", "at most " + policy.maxNameLength() + " characters");
        }
        if (n.codePoints().anyMatch(cp -> Character.isISOControl(cp) || Character.getType(cp) == Character.FORMAT)) {
            return Rejection.invalid("name", "control and formatting characters are not allowed");
        }
        return null;
    }

    static Rejection checkScopes(Set<String> scopes, TokenPolicy policy) {
        if (scopes == null || scopes.isEmpty()) {
            return Rejection.invalid("scopes", "at least one scope is required");
        }
        for (String s : scopes) {
            if (s == null || !policy.scopes().contains(s)) {
                return Rejection.invalid("scopes", "unknown scope: " + s);
            }
        }
        return null;
    }

    static Rejection checkOrganizations(OrganizationBinding orgs, Set<String> callerOrganizations) {
        if (orgs == null) {
            return Rejection.invalid("organizations", "name organizations or choose all organizations");
        }
        if (orgs.all()) {
            return null;
        }
        if (orgs.named().isEmpty()) {
            return Rejection.invalid("organizations", "name at least one organization or choose all organizations");
        }
        for (String o : orgs.named()) {
            if (!callerOrganizations.contains(o)) {
                return Rejection.invalid("organizations", "not one of your organizations: " + o);
            }
        }
        return null;
    }

    static Rejection checkExpiry(Instant expiresAt, DecisionContext ctx) {
        if (expiresAt == null) {
            return Rejection.invalid("expiresAt", "an expiry is required");
        }
        if (!expiresAt.isAfter(ctx.now())) {
            return Rejection.invalid("expiresAt", "must be in the future");
        }
        if (expiresAt.isAfter(ctx.now().plus(ctx.policy().maxLifetime()))) {
            return Rejection.invalid(
                    "expiresAt", "at most " + ctx.policy().maxLifetime().toDays() + " days from now");
        }
        return null;
    }
}
