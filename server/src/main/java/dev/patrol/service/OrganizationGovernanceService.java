package dev.patrol.service;

import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.BiFunction;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.patrol.domain.ApproveTokenInOrganizationCommand;
import dev.patrol.domain.CutTokenFromOrganizationCommand;
import dev.patrol.domain.Policies;
import dev.patrol.domain.RevokeReason;
import dev.patrol.domain.RevokeTokenCommand;
import dev.patrol.domain.Token;
import dev.patrol.domain.TokenCommand;
import dev.patrol.policy.PolicyLog;
import dev.patrol.repository.OwnerOrganizations;
import dev.patrol.repository.TokenQueries;
import dev.patrol.write.TokenCommandHandler;
import io.smallrye.mutiny.Uni;

/**
 * Organizations govern their own tokens (docs/governance.md): an administrator of NAME (role
 * {@code org-admin:NAME}) lists the tokens that can act in NAME, revokes one that can act in NAME
 * alone, cuts one that can also act elsewhere from NAME, and, where NAME's policy requires approval,
 * lists what waits and approves or denies it. Central administrators may do the same in every
 * organization. A token that cannot act in NAME is "not found" to them, as someone else's
 * token is to a person; any other organization answers 403 naming theirs.
 */
@ApplicationScoped
public class OrganizationGovernanceService {

    @Inject
    GovernanceService governance;

    @Inject
    TokenQueries queries;

    @Inject
    OwnerOrganizations owners;

    @Inject
    TokenCommandHandler handler;

    @Inject
    Caller caller;

    @Inject
    PolicyLog policyLog;

    /**
     * How many of an organization's newest active tokens a list of pending approvals examines: approval
     * is judged in memory against the policies, not in SQL, and what waits is usually recent.
     */
    static final int EXAMINED = 1000;

    @Inject
    java.time.Clock clock;

    /** The tokens that can act in {@code organization} (the administrators' list, filtered to it). */
    public Uni<Outcome<TokenPage>> list(String organization, AdminTokenQuery q) {
        Refusal refused = caller.mayGovern(organization);
        if (refused != null) {
            return Outcome.refusedNow(refused);
        }
        return governance.list(new AdminTokenQuery(
                q.owner(),
                q.state(),
                organization,
                q.scope(),
                q.expiringBefore(),
                q.lastUsedBefore(),
                q.neverUsed(),
                q.sort(),
                q.order(),
                q.limit(),
                q.cursor()));
    }

    /** Stops the token acting in {@code organization}; it keeps its other organizations. */
    public Uni<Outcome<TokenView>> cut(String organization, String id, String reason) {
        return governed(
                organization,
                id,
                reason,
                true,
                (token, note) ->
                        new CutTokenFromOrganizationCommand(token.tokenId(), organization, note, caller.asAdmin()));
    }

    /** Revokes a token that can act in {@code organization} alone (else: cut it from there instead). */
    public Uni<Outcome<TokenView>> revoke(String organization, String id, String reason) {
        return governed(
                organization,
                id,
                reason,
                true,
                (token, note) -> alone(token, organization)
                        ? new RevokeTokenCommand(token.tokenId(), RevokeReason.ADMIN, note, caller.asAdmin())
                        : null);
    }

    /**
     * Lets the token act in {@code organization}, as it now is; a change that widens it later needs
     * approval again. {@code note} is optional.
     */
    public Uni<Outcome<TokenView>> approve(String organization, String id, String note) {
        return governed(
                organization,
                id,
                note,
                false,
                (token, n) ->
                        new ApproveTokenInOrganizationCommand(token.tokenId(), organization, n, caller.asAdmin()));
    }

    /**
     * Refuses the token in {@code organization} for good: it is cut from there, or revoked when it can
     * act nowhere else; the owner is told why.
     */
    public Uni<Outcome<TokenView>> deny(String organization, String id, String reason) {
        return governed(
                organization,
                id,
                reason,
                true,
                (token, note) -> alone(token, organization)
                        ? new RevokeTokenCommand(
                                token.tokenId(),
                                RevokeReason.ADMIN,
                                "denied in " + organization + ": " + note,
                                caller.asAdmin())
                        : new CutTokenFromOrganizationCommand(
                                token.tokenId(), organization, "denied: " + note, caller.asAdmin()));
    }

    /** The active tokens that wait for approval in {@code organization}, newest first (of its {@link #EXAMINED} newest). */
    public Uni<Outcome<List<PendingApprovalView>>> pending(String organization) {
        Refusal refused = caller.mayGovern(organization);
        if (refused != null) {
            return Outcome.refusedNow(refused);
        }
        Policies policies = policyLog.current();
        if (policies == null) {
            return Outcome.refusedNow(Refusal.unavailable("policies are not loaded yet"));
        }
        if (!policies.approvals()) {
            return Uni.createFrom().item(Outcome.done(List.of()));
        }
        var filter =
                new TokenQueries.Filter(null, TokenQueries.StateFilter.ACTIVE, organization, null, null, null, false);
        return queries.list(filter, TokenQueries.SortKey.CREATED, true, EXAMINED, null, clock.instant())
                .map(page -> Outcome.done(page.items().stream()
                        .filter(t -> !t.cutFrom().contains(organization)
                                && policies.pendingIn(organization, t.widenedOrCreatedAt(), t.approvedIn(organization)))
                        .map(t -> new PendingApprovalView(
                                t.tokenId(),
                                t.owner(),
                                t.name(),
                                t.scopes().stream().sorted().toList(),
                                t.organizations().all(),
                                t.organizations().named().stream().sorted().toList(),
                                t.createdAt(),
                                t.expiresAt(),
                                t.justification()))
                        .toList()));
    }

    /** Whether the token can act in {@code organization} alone (bound to it and no other it was not cut from). */
    private static boolean alone(Token token, String organization) {
        return !token.organizations().all() && token.namedAndNotCut().equals(Set.of(organization));
    }

    /**
     * Carries out {@code command} (what to do with the token and the reason; null when it must not be
     * done: 409) on a token that can act in {@code organization}; answers the token as it then is.
     */
    private Uni<Outcome<TokenView>> governed(
            String organization,
            String id,
            String reason,
            boolean reasonRequired,
            BiFunction<Token, String, TokenCommand> command) {
        Refusal refused = caller.mayGovern(organization);
        if (refused == null && reasonRequired && (reason == null || reason.isBlank())) {
            refused = Refusal.invalid("reason", "say why, for the token's owner");
        }
        UUID tokenId = TokenService.parseId(id);
        if (refused == null && tokenId == null) {
            refused = Refusal.notFound();
        }
        if (refused != null) {
            return Outcome.refusedNow(refused);
        }
        return queries.find(tokenId).chain(found -> {
            Token token = found.orElse(null);
            if (token == null) {
                return Outcome.refusedNow(Refusal.notFound());
            }
            return canActIn(token, organization).chain(can -> {
                if (!can) {
                    return Outcome.refusedNow(Refusal.notFound());
                }
                TokenCommand asked = command.apply(token, reason);
                if (asked == null) {
                    return Outcome.refusedNow(Refusal.conflict(
                            "the token can act in other organizations too: cut it from " + organization + " instead"));
                }
                return handler.handle(tokenId, List.of(asked), Set.of())
                        .map(result -> Outcome.of(result)
                                .map(t -> TokenView.of(t, clock.instant()).withOwner(t.owner())));
            });
        });
    }

    /** Whether the token is (or, once cut, was) one of the organization's: named, or all of a member's. */
    private Uni<Boolean> canActIn(Token token, String organization) {
        if (token.organizations().named().contains(organization)
                || token.cutFrom().contains(organization)) {
            return Uni.createFrom().item(true);
        }
        if (!token.organizations().all()) {
            return Uni.createFrom().item(false);
        }
        return owners.standing(token.owner())
                .map(s -> s != null && s.organizations().contains(organization));
    }
}
