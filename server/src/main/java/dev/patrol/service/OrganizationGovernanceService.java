package dev.patrol.service;

import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.BiFunction;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.patrol.domain.CutTokenFromOrganizationCommand;
import dev.patrol.domain.RevokeReason;
import dev.patrol.domain.RevokeTokenCommand;
import dev.patrol.domain.Token;
import dev.patrol.domain.TokenCommand;
import dev.patrol.repository.OwnerOrganizations;
import dev.patrol.repository.TokenQueries;
import dev.patrol.write.TokenCommandHandler;
import io.smallrye.mutiny.Uni;

/**
 * Organizations govern their own tokens (docs/governance.md): an administrator of NAME (role
 * {@code org-admin:NAME}) lists the tokens that can act in NAME, revokes one that can act in NAME
 * alone, and cuts one that can also act elsewhere from NAME. Central administrators may do the same
 * in every organization. A token that cannot act in NAME is "not found" to them, as someone else's
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
                        (token, note) -> new CutTokenFromOrganizationCommand(
                                token.tokenId(), organization, note, caller.asAdmin()))
                .map(o -> o.map(t -> TokenView.of(t, clock.instant()).withOwner(t.owner())));
    }

    /** Revokes a token that can act in {@code organization} alone (else: cut it from there instead). */
    public Uni<Outcome<TokenView>> revoke(String organization, String id, String reason) {
        return governed(organization, id, reason, (token, note) -> {
                    if (token.organizations().all() || !token.namedAndNotCut().equals(Set.of(organization))) {
                        return null;
                    }
                    return new RevokeTokenCommand(token.tokenId(), RevokeReason.ADMIN, note, caller.asAdmin());
                })
                .map(o -> o.map(t -> TokenView.of(t, clock.instant()).withOwner(t.owner())));
    }

    /** {@code command}: what to do with the token and the reason; null when it must not be done. */
    private Uni<Outcome<Token>> governed(
            String organization, String id, String reason, BiFunction<Token, String, TokenCommand> command) {
        Refusal refused = caller.mayGovern(organization);
        if (refused == null && (reason == null || reason.isBlank())) {
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
                return handler.handle(tokenId, List.of(asked), Set.of()).map(Outcome::of);
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
