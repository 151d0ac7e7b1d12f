package dev.patrol.service;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.patrol.config.PatrolConfig;
import dev.patrol.domain.Actor;
import dev.patrol.domain.ChangeTokenExpiryCommand;
import dev.patrol.domain.ChangeTokenExpiryEmailsCommand;
import dev.patrol.domain.ChangeTokenJustificationCommand;
import dev.patrol.domain.ChangeTokenNetworksCommand;
import dev.patrol.domain.ChangeTokenScopesCommand;
import dev.patrol.domain.IssueTokenCommand;
import dev.patrol.domain.OrganizationBinding;
import dev.patrol.domain.Policies;
import dev.patrol.domain.RegenerateTokenCommand;
import dev.patrol.domain.RenameTokenCommand;
import dev.patrol.domain.RevokeReason;
import dev.patrol.domain.RevokeTokenCommand;
import dev.patrol.domain.Token;
import dev.patrol.domain.TokenCommand;
import dev.patrol.domain.TokenSecrets;
import dev.patrol.edge.ValidToken;
import dev.patrol.leak.LeakReports;
import dev.patrol.policy.PolicyLog;
import dev.patrol.repository.OwnerOrganizations;
import dev.patrol.repository.RefusedUses;
import dev.patrol.repository.TokenQueries;
import dev.patrol.validation.Presenter;
import dev.patrol.write.CommandResult;
import dev.patrol.write.TokenCommandHandler;
import io.smallrye.mutiny.Uni;

/**
 * A person's own tokens, for the REST API and the web pages alike: every rule about what a person
 * may do to their tokens is here once. Someone else's token id is refused as not found, exactly like
 * an unknown one.
 */
@ApplicationScoped
public class TokenService {

    private static final SecureRandom RANDOM = new SecureRandom();

    @Inject
    TokenCommandHandler handler;

    @Inject
    TokenQueries queries;

    @Inject
    Caller caller;

    @Inject
    OwnerOrganizations owners;

    @Inject
    PatrolConfig config;

    @Inject
    Clock clock;

    @Inject
    LeakReports leakReports;

    @Inject
    RefusedUses refusedUses;

    @Inject
    PolicyLog policyLog;

    /**
     * Creates the token under {@code id}, answered with its secret (once). The web page's form carries
     * the id, so that submitting it again (the back button, a double click) meets the token it
     * created (a conflict), never a second one.
     */
    public Uni<Outcome<TokenView>> create(CreateTokenRequest body, UUID id) {
        if (body == null) {
            return Outcome.refusedNow(Refusal.badRequest("a JSON body is required"));
        }
        OrganizationBinding orgs;
        try {
            orgs = binding(body.scopes(), body.organizations(), body.allOrganizations(), true);
        } catch (InvalidInput e) {
            return Outcome.refusedNow(e.refusal);
        }
        Refusal badExpiry = checkExpiry(body.expiresAt(), body.lifetimeDays());
        if (badExpiry != null) {
            return Outcome.refusedNow(badExpiry);
        }
        String secret = TokenSecrets.generate(config.tokens().prefix(), RANDOM);
        var command = new IssueTokenCommand(
                id,
                body.name(),
                body.scopes(),
                orgs,
                expiry(body.expiresAt(), body.lifetimeDays()),
                TokenSecrets.hash(secret),
                TokenSecrets.displayHint(secret),
                body.allowedNetworks(),
                caller.asUser());
        List<TokenCommand> commands = body.justification() == null
                        || body.justification().isBlank()
                ? List.of(command)
                : List.of(command, new ChangeTokenJustificationCommand(id, body.justification(), caller.asUser()));
        return asMember(() -> send(
                id,
                commands,
                t -> TokenView.withSecret(t, clock.instant(), secret).pending(pendingIn(t))));
    }

    /** The scope catalogue commands are judged against, sorted. */
    public List<String> scopes() {
        return handler.policy().scopes().scopes().stream().sorted().toList();
    }

    /**
     * The organizations a token of the caller may be bound to, from their OIDC identity (remembered:
     * a token acts only in organizations its owner belongs to).
     */
    public Uni<List<String>> organizations() {
        Set<String> organizations = caller.organizations();
        return owners.remember(caller.subject(), organizations, caller.issuedAt(), caller.email())
                .replaceWith(organizations.stream().sorted().toList());
    }

    /** A page of the caller's tokens; the parameters as the API takes them (null: the default). */
    public Uni<Outcome<TokenPage>> list(String state, String sort, String order, Integer limit, String cursor) {
        ListRequest request;
        try {
            request = ListRequest.parse(state, sort, order, limit, cursor);
        } catch (ListRequest.BadParameter e) {
            return Outcome.refusedNow(e.refusal);
        }
        return request.page(
                        queries, TokenQueries.Filter.owner(caller.subject(), request.state()), clock.instant(), false)
                .map(Outcome::done);
    }

    /** One of the caller's tokens, with its last use. */
    public Uni<Outcome<TokenView>> get(String id) {
        return own(
                id,
                t -> queries.lastUse(List.of(t.tokenId()))
                        .map(uses -> Outcome.done(TokenView.of(t, clock.instant(), uses.get(t.tokenId()))
                                .pending(pendingIn(t)))));
    }

    /**
     * The organizations where the caller's token {@code t} waits for approval (its owner's
     * organizations as the caller's OIDC token says); null when none, or when policies are not read yet.
     */
    List<String> pendingIn(Token t) {
        Policies policies = policyLog.current();
        if (policies == null || !policies.approvals() || t.isRevoked()) {
            return null;
        }
        Set<String> orgs = t.organizations().all()
                ? caller.organizations()
                : t.organizations().named();
        List<String> pending = orgs.stream()
                .filter(o -> !t.cutFrom().contains(o) && policies.pendingIn(o, t.widenedOrCreatedAt(), t.approvedIn(o)))
                .sorted()
                .toList();
        return pending.isEmpty() ? null : pending;
    }

    /** Changes what {@code body} names, all or none. */
    public Uni<Outcome<TokenView>> update(String id, UpdateTokenRequest body) {
        UUID tokenId = parseId(id);
        if (tokenId == null) {
            return Outcome.refusedNow(Refusal.notFound());
        }
        if (body == null) {
            return Outcome.refusedNow(Refusal.badRequest("a JSON body is required"));
        }
        OrganizationBinding orgs;
        try {
            orgs = binding(body.scopes(), body.organizations(), body.allOrganizations(), false);
        } catch (InvalidInput e) {
            return Outcome.refusedNow(e.refusal);
        }
        var actor = caller.asUser();
        List<TokenCommand> commands = new ArrayList<>();
        if (body.name() != null) {
            commands.add(new RenameTokenCommand(tokenId, body.name(), actor));
        }
        if (body.scopes() != null || orgs != null) {
            commands.add(new ChangeTokenScopesCommand(tokenId, body.scopes(), orgs, actor));
        }
        if (body.expiresAt() != null) {
            commands.add(new ChangeTokenExpiryCommand(tokenId, body.expiresAt(), actor));
        }
        if (body.expiryEmails() != null) {
            commands.add(new ChangeTokenExpiryEmailsCommand(tokenId, body.expiryEmails(), actor));
        }
        if (body.allowedNetworks() != null) {
            commands.add(new ChangeTokenNetworksCommand(tokenId, body.allowedNetworks(), actor));
        }
        if (body.justification() != null) {
            commands.add(new ChangeTokenJustificationCommand(tokenId, body.justification(), actor));
        }
        if (commands.isEmpty()) {
            return Outcome.refusedNow(Refusal.badRequest("nothing to change"));
        }
        return asMember(() -> send(
                tokenId, commands, t -> TokenView.of(t, clock.instant(), null).pending(pendingIn(t))));
    }

    /** A new secret for the same token (answered once), optionally a new expiry. */
    public Uni<Outcome<TokenView>> regenerate(String id, RegenerateTokenRequest body) {
        UUID tokenId = parseId(id);
        if (tokenId == null) {
            return Outcome.refusedNow(Refusal.notFound());
        }
        Instant expiresAt = null;
        if (body != null) {
            Refusal badExpiry = checkExpiry(body.expiresAt(), body.lifetimeDays());
            if (badExpiry != null) {
                return Outcome.refusedNow(badExpiry);
            }
            expiresAt = expiry(body.expiresAt(), body.lifetimeDays());
        }
        String secret = TokenSecrets.generate(config.tokens().prefix(), RANDOM);
        var command = new RegenerateTokenCommand(
                tokenId,
                TokenSecrets.hash(secret),
                TokenSecrets.displayHint(secret),
                caller.asUser(),
                false,
                expiresAt);
        return send(tokenId, List.of(command), t -> TokenView.withSecret(t, clock.instant(), secret));
    }

    /**
     * The presented PAT replaces its own secret (scope {@code tokens:rotate-self}): same id and family,
     * the old secret dies, and presenting it again revokes the token.
     */
    public Uni<Outcome<TokenView>> rotateSelf(ValidToken presented, Presenter presenter) {
        String secret = TokenSecrets.generate(config.tokens().prefix(), RANDOM);
        var command = new RegenerateTokenCommand(
                presented.tokenId(),
                TokenSecrets.hash(secret),
                TokenSecrets.displayHint(secret),
                Actor.user(presented.owner(), presenter.clientIp(), presenter.userAgent()),
                true);
        // Policies of an all-organizations token are those of its owner's organizations.
        Set<String> organizations = presented.ownerOrganizations() == null ? Set.of() : presented.ownerOrganizations();
        return handler.handle(presented.tokenId(), List.of(command), organizations)
                .map(result -> Outcome.of(result).map(t -> TokenView.withSecret(t, clock.instant(), secret)));
    }

    /**
     * RFC 7009: whoever holds a secret may revoke its token. Holding it proves nothing about who
     * revokes: recorded as a holder, and the owner is told. Answers whether the token was revoked now
     * (false: it was revoked meanwhile).
     */
    public Uni<Outcome<Boolean>> revokeAsHolder(UUID tokenId, Presenter presenter) {
        Actor holder = Actor.holder(presenter.clientIp(), presenter.userAgent());
        return handler.handle(tokenId, List.of(new RevokeTokenCommand(tokenId, RevokeReason.HOLDER, holder)), Set.of())
                .map(result -> result instanceof CommandResult.Rejected
                        ? Outcome.done(false)
                        : Outcome.of(result).map(t -> true));
    }

    /** Revokes the token for good; answers it as revoked. */
    public Uni<Outcome<TokenView>> revoke(String id) {
        UUID tokenId = parseId(id);
        if (tokenId == null) {
            return Outcome.refusedNow(Refusal.notFound());
        }
        var command = new RevokeTokenCommand(tokenId, RevokeReason.OWNER, caller.asUser());
        return send(tokenId, List.of(command), t -> TokenView.of(t, clock.instant(), null));
    }

    /** The applied events of one of the caller's tokens, oldest first. */
    public Uni<Outcome<List<HistoryView>>> history(String id) {
        return own(
                id,
                t -> queries.history(t.tokenId())
                        .map(entries -> Outcome.done(entries.stream()
                                .map(e -> new HistoryView(
                                        e.eventId(),
                                        e.version(),
                                        e.type(),
                                        e.occurredAt(),
                                        e.actorKind(),
                                        e.actorId(),
                                        e.payload().getMap()))
                                .toList())));
    }

    /** Where secret scanners reported finding one of the caller's tokens, newest first. */
    public Uni<Outcome<List<LeakFindingView>>> leaks(String id) {
        return own(
                id,
                t -> leakReports
                        .ofToken(t.tokenId())
                        .map(found -> Outcome.done(
                                found.stream().map(LeakFindingView::of).toList())));
    }

    /** The uses of one of the caller's tokens refused for where they came from, newest first. */
    public Uni<Outcome<List<RefusedUseView>>> refusals(String id) {
        return own(
                id,
                t -> refusedUses
                        .ofToken(t.tokenId())
                        .map(found -> Outcome.done(
                                found.stream().map(RefusedUseView::of).toList())));
    }

    private Uni<Outcome<TokenView>> send(UUID tokenId, List<TokenCommand> commands, Function<Token, TokenView> view) {
        return handler.handle(tokenId, commands, caller.organizations())
                .map(result -> Outcome.of(result).map(view));
    }

    /** {@code then} with the caller's token {@code id}; not found for anyone else's, exactly like an unknown id. */
    private <T> Uni<Outcome<T>> own(String id, Function<Token, Uni<Outcome<T>>> then) {
        UUID tokenId = parseId(id);
        if (tokenId == null) {
            return Outcome.refusedNow(Refusal.notFound());
        }
        return queries.find(tokenId)
                .chain(t -> t.isPresent() && t.get().owner().equals(caller.subject())
                        ? then.apply(t.get())
                        : Outcome.refusedNow(Refusal.notFound()));
    }

    /**
     * Refreshes the caller's organization snapshot from their OIDC token, then runs {@code command};
     * a caller the identity provider disabled after their token was issued is refused instead.
     */
    private <T> Uni<Outcome<T>> asMember(Supplier<Uni<Outcome<T>>> command) {
        return owners.remember(caller.subject(), caller.organizations(), caller.issuedAt(), caller.email())
                .chain(allowed -> allowed
                        ? command.get()
                        : Outcome.refusedNow(
                                Refusal.forbidden("your account was disabled after this access token was issued")));
    }

    private static Refusal checkExpiry(Instant expiresAt, Integer lifetimeDays) {
        if (expiresAt != null && lifetimeDays != null) {
            return Refusal.invalid("expiresAt", "give expiresAt or lifetimeDays, not both");
        }
        if (lifetimeDays != null && lifetimeDays < 1) {
            return Refusal.invalid("lifetimeDays", "must be at least 1");
        }
        return null;
    }

    private Instant expiry(Instant expiresAt, Integer lifetimeDays) {
        return lifetimeDays != null ? clock.instant().plus(Duration.ofDays(lifetimeDays)) : expiresAt;
    }

    /** Input refused before any command is built. */
    private static final class InvalidInput extends Exception {
        final transient Refusal refusal;

        InvalidInput(Refusal refusal) {
            super(null, null, false, false);
            this.refusal = refusal;
        }
    }

    /**
     * The organizations a body binds the token to (null: unchanged), after refusing a null inside
     * {@code scopes} or {@code named}.
     *
     * @param required on create, one of the two must be given
     */
    private static OrganizationBinding binding(Set<String> scopes, Set<String> named, Boolean all, boolean required)
            throws InvalidInput {
        if (scopes != null && scopes.contains(null)) {
            throw new InvalidInput(Refusal.invalid("scopes", "scopes must not contain null"));
        }
        if (named != null && named.contains(null)) {
            throw new InvalidInput(Refusal.invalid("organizations", "organizations must not contain null"));
        }
        if (Boolean.TRUE.equals(all)) {
            if (named != null && !named.isEmpty()) {
                throw new InvalidInput(
                        Refusal.invalid("organizations", "give organizations or allOrganizations: true, not both"));
            }
            return OrganizationBinding.allOrganizations();
        }
        if (named != null) {
            return OrganizationBinding.of(named);
        }
        if (required) {
            throw new InvalidInput(
                    Refusal.invalid("organizations", "name organizations or set allOrganizations: true"));
        }
        return null;
    }

    /** A token id as a path carries it; null when it is none (answered as not found). */
    static UUID parseId(String id) {
        try {
            return id == null ? null : UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
