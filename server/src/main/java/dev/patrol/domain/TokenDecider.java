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
        if (command instanceof CutTokenFromOrganizationCommand c) {
            return cut(current, c, id, v, now);
        }
        if (command instanceof ApproveTokenInOrganizationCommand c) {
            return approve(current, c, id, v, now);
        }
        boolean changes = command instanceof RenameTokenCommand
                || command instanceof ChangeTokenScopesCommand
                || command instanceof ChangeTokenExpiryCommand
                || command instanceof ChangeTokenExpiryEmailsCommand
                || command instanceof ChangeTokenNetworksCommand;
        if (changes && current.isExpiredAt(now)) {
            // An expired token stays expired: regeneration (which obeys the current policy) is the way back.
            return new Decision.Rejected(Rejection.conflict("the token has expired; regenerate it to use it again"));
        }
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
            if (bad == null && c.organizations() != null) {
                bad = orgs.named().stream()
                        .filter(current.cutFrom()::contains)
                        .findFirst()
                        .map(o -> Rejection.invalid(
                                "organizations",
                                "an administrator cut the token from " + o + ": it cannot act there again"))
                        .orElse(null);
            }
            if (bad == null) {
                bad = PolicyRules.check(
                        current.owner(),
                        scopes,
                        orgs,
                        null,
                        now,
                        null,
                        ctx.policies().governing(orgs, ctx.callerOrganizations()));
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
            if (bad == null) {
                bad = PolicyRules.check(
                        current.owner(),
                        Set.of(),
                        OrganizationBinding.of(Set.of()),
                        c.expiresAt(),
                        now,
                        null,
                        ctx.policies().governing(current.organizations(), ctx.callerOrganizations()));
            }
            if (bad != null) {
                return new Decision.Rejected(bad);
            }
            Instant expiresAt = c.expiresAt().truncatedTo(ChronoUnit.MICROS);
            return expiresAt.equals(current.expiresAt())
                    ? none()
                    : accepted(new TokenExpiryChangedEvent(id, c.tokenId(), v, now, c.actor(), expiresAt));
        }
        if (command instanceof ChangeTokenJustificationCommand c) {
            Rejection bad = checkText("justification", c.justification());
            if (bad != null) {
                return new Decision.Rejected(bad);
            }
            String justification =
                    c.justification() == null || c.justification().isBlank()
                            ? null
                            : c.justification().strip();
            return java.util.Objects.equals(justification, current.justification())
                    ? none()
                    : accepted(new TokenJustificationChangedEvent(id, c.tokenId(), v, now, c.actor(), justification));
        }
        if (command instanceof ChangeTokenExpiryEmailsCommand c) {
            return c.expiryEmails() == current.expiryEmails()
                    ? none()
                    : accepted(new TokenExpiryEmailsChangedEvent(id, c.tokenId(), v, now, c.actor(), c.expiryEmails()));
        }
        if (command instanceof ChangeTokenNetworksCommand c) {
            List<String> networks;
            try {
                networks = Networks.canonical(c.allowedNetworks());
            } catch (IllegalArgumentException e) {
                return new Decision.Rejected(Rejection.invalid("allowedNetworks", e.getMessage()));
            }
            return networks.equals(current.allowedNetworks())
                    ? none()
                    : accepted(new TokenNetworksChangedEvent(id, c.tokenId(), v, now, c.actor(), networks));
        }
        if (command instanceof RegenerateTokenCommand c) {
            return regenerate(current, c, ctx, id, v);
        }
        RevokeTokenCommand c = (RevokeTokenCommand) command;
        Rejection bad = checkNote(c.note());
        if (bad != null) {
            return new Decision.Rejected(bad);
        }
        String note = c.note() == null || c.note().isBlank() ? null : c.note().strip();
        return accepted(new TokenRevokedEvent(id, c.tokenId(), v, now, c.actor(), c.reason(), note));
    }

    /**
     * An administrator stops the token acting in one organization; it keeps its others. A token that
     * can act in that organization alone is revoked instead, so that nothing is left that works nowhere.
     */
    private static Decision cut(Token current, CutTokenFromOrganizationCommand c, UUID id, long v, Instant now) {
        if (c.actor().kind() != ActorKind.ADMIN) {
            return new Decision.Rejected(Rejection.notFound()); // owners narrow their bindings themselves
        }
        String org = c.organization() == null ? "" : c.organization().strip();
        if (org.isEmpty()) {
            return new Decision.Rejected(Rejection.invalid("organization", "name the organization to cut it from"));
        }
        Rejection bad = checkNote(c.note());
        if (bad != null) {
            return new Decision.Rejected(bad);
        }
        if (current.cutFrom().contains(org)) {
            return none();
        }
        OrganizationBinding binding = current.organizations();
        if (!binding.all() && !binding.named().contains(org)) {
            return new Decision.Rejected(Rejection.conflict("the token is not bound to " + org));
        }
        if (!binding.all() && current.namedAndNotCut().equals(Set.of(org))) {
            return new Decision.Rejected(
                    Rejection.conflict("the token can act in " + org + " only: revoke it instead"));
        }
        String note = c.note() == null || c.note().isBlank() ? null : c.note().strip();
        return accepted(new TokenCutFromOrganizationEvent(id, c.tokenId(), v, now, c.actor(), org, note));
    }

    /**
     * An administrator lets the token act in an organization that requires approval, as it now is
     * (its scopes, its expiry). Approving what is approved already changes nothing.
     */
    private static Decision approve(Token current, ApproveTokenInOrganizationCommand c, UUID id, long v, Instant now) {
        if (c.actor().kind() != ActorKind.ADMIN) {
            return new Decision.Rejected(Rejection.notFound());
        }
        String org = c.organization() == null ? "" : c.organization().strip();
        if (org.isEmpty()) {
            return new Decision.Rejected(Rejection.invalid("organization", "name the organization to approve it in"));
        }
        Rejection bad = checkNote(c.note());
        if (bad != null) {
            return new Decision.Rejected(bad);
        }
        if (current.cutFrom().contains(org)) {
            return new Decision.Rejected(Rejection.conflict("the token was cut from " + org + " (or denied there)"));
        }
        if (!current.organizations().all() && !current.organizations().named().contains(org)) {
            return new Decision.Rejected(Rejection.conflict("the token is not bound to " + org));
        }
        if (current.isExpiredAt(now)) {
            return new Decision.Rejected(Rejection.conflict("the token has expired"));
        }
        if (current.approvedIn(org)) {
            return none();
        }
        String note = c.note() == null || c.note().isBlank() ? null : c.note().strip();
        return accepted(new TokenApprovedInOrganizationEvent(
                id,
                c.tokenId(),
                v,
                now,
                c.actor(),
                org,
                note,
                current.scopes(),
                current.expiresAt(),
                current.allowedNetworks()));
    }

    /**
     * A new secret, and a new expiry when one is asked for or the token has expired (the default
     * lifetime then). The token as it will be must obey the policies in force: a regeneration is how
     * an old token comes back, so it meets today's rules.
     */
    private static Decision regenerate(Token current, RegenerateTokenCommand c, DecisionContext ctx, UUID id, long v) {
        Instant now = ctx.now();
        List<Policies.Governing> governing =
                ctx.policies().governing(current.organizations(), ctx.callerOrganizations());
        Instant expiresAt = c.expiresAt() != null
                ? c.expiresAt().truncatedTo(ChronoUnit.MICROS)
                : current.isExpiredAt(now)
                        ? now.plus(PolicyRules.defaultLifetime(governing, ctx.policy()))
                                .truncatedTo(ChronoUnit.MICROS)
                        : null;
        Rejection bad = expiresAt == null ? null : checkExpiry(expiresAt, ctx);
        if (bad == null) {
            bad = PolicyRules.check(
                    current.owner(),
                    current.scopes(),
                    current.organizations(),
                    expiresAt != null ? expiresAt : current.expiresAt(),
                    now,
                    null,
                    governing);
        }
        if (bad != null) {
            return new Decision.Rejected(bad);
        }
        List<TokenEvent> events = new ArrayList<>();
        events.add(new TokenRegeneratedEvent(
                id,
                c.tokenId(),
                v,
                now,
                c.actor(),
                c.secretHash(),
                c.displayHint(),
                current.secretHash(),
                c.selfRotation()));
        if (expiresAt != null && !expiresAt.equals(current.expiresAt())) {
            events.add(new TokenExpiryChangedEvent(
                    ctx.newEventId().get(), c.tokenId(), v + 1, now, c.actor(), expiresAt, true));
        }
        return new Decision.Accepted(events);
    }

    private static Decision issue(Token current, IssueTokenCommand c, DecisionContext ctx) {
        if (current != null) {
            return new Decision.Rejected(Rejection.conflict("a token with this id exists"));
        }
        List<Policies.Governing> governing = c.organizations() == null
                ? List.of()
                : ctx.policies().governing(c.organizations(), ctx.callerOrganizations());
        Instant expiresAt = (c.expiresAt() != null
                        ? c.expiresAt()
                        : ctx.now().plus(PolicyRules.defaultLifetime(governing, ctx.policy())))
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
        if (bad == null) {
            bad = PolicyRules.check(
                    c.actor().id(),
                    c.scopes(),
                    c.organizations(),
                    expiresAt,
                    ctx.now(),
                    ctx.ownerActiveTokens(),
                    governing);
        }
        List<String> networks = List.of();
        if (bad == null && c.allowedNetworks() != null) {
            try {
                networks = Networks.canonical(c.allowedNetworks());
            } catch (IllegalArgumentException e) {
                bad = Rejection.invalid("allowedNetworks", e.getMessage());
            }
        }
        if (bad != null) {
            return new Decision.Rejected(bad);
        }
        TokenIssuedEvent issued = new TokenIssuedEvent(
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
                expiresAt);
        if (networks.isEmpty()) {
            return accepted(issued);
        }
        // In the same record: an instance that cannot apply the second event refuses the token.
        return new Decision.Accepted(List.of(
                issued,
                new TokenNetworksChangedEvent(ctx.newEventId().get(), c.tokenId(), 2, ctx.now(), c.actor(), networks)));
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

    /** Longest revocation note, in characters. */
    static final int MAX_NOTE_LENGTH = 500;

    static Rejection checkNote(String note) {
        return checkText("reason", note);
    }

    /** A person's words (a reason, a justification): optional, at most {@link #MAX_NOTE_LENGTH} characters. */
    static Rejection checkText(String field, String text) {
        if (text == null) {
            return null;
        }
        if (text.strip().length() > MAX_NOTE_LENGTH) {
            return Rejection.invalid(field, "at most " + MAX_NOTE_LENGTH + " characters");
        }
        if (text.codePoints()
                .anyMatch(
                        cp -> Character.isISOControl(cp) && cp != '\n' || Character.getType(cp) == Character.FORMAT)) {
            return Rejection.invalid(field, "control and formatting characters are not allowed");
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
