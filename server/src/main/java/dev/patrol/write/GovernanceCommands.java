package dev.patrol.write;

import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.patrol.domain.Actor;
import dev.patrol.domain.ActorKind;
import dev.patrol.domain.ExistingTokens;
import dev.patrol.domain.Policies;
import dev.patrol.domain.PolicyRules;
import dev.patrol.domain.RevokeReason;
import dev.patrol.domain.RevokeTokenCommand;
import dev.patrol.repository.TokenQueries;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import org.jboss.logging.Logger;

/**
 * Revocations of many tokens at once: an administrator offboarding a person, a policy that revokes
 * the tokens it forbids. Each token gets its own {@link RevokeTokenCommand} through the handler, so
 * each is its own event, broadcast like any revocation.
 */
@ApplicationScoped
public class GovernanceCommands {

    private static final Logger LOG = Logger.getLogger(GovernanceCommands.class);
    /** Revocations in flight at once: enough to finish quickly, few enough not to crowd out people's requests. */
    private static final int CONCURRENCY = 4;

    private static final int PAGE = 500;

    /** How many tokens were revoked, and how many revocations were not confirmed in time. */
    public record Tally(int revoked, int unconfirmed) {}

    @Inject
    TokenCommandHandler handler;

    @Inject
    TokenQueries queries;

    @Inject
    Clock clock;

    /** Revokes every token of {@code owner} that is not revoked yet. */
    public Uni<Tally> revokeAll(String owner, RevokeReason reason, String note, Actor actor) {
        return queries.unrevoked(owner)
                .chain(ids -> revoke(ids.stream()
                        .map(id -> new RevokeTokenCommand(id, reason, note, actor))
                        .toList()));
    }

    /** Revokes the active tokens that a policy of {@code policies} revokes (reason {@code policy}). */
    public Uni<Tally> revokeViolators(Policies policies) {
        if (policies.states().values().stream()
                .noneMatch(s -> s.policy().existingTokensOrKeep() == ExistingTokens.REVOKE)) {
            return Uni.createFrom().item(new Tally(0, 0));
        }
        // PostgreSQL orders UUIDs as unsigned bytes: the nil UUID comes first.
        return sweep(policies, new UUID(0, 0), new Tally(0, 0));
    }

    private Uni<Tally> sweep(Policies policies, UUID after, Tally sofar) {
        return queries.activeAfter(after, PAGE, clock.instant()).chain(page -> {
            List<RevokeTokenCommand> commands = page.stream()
                    .map(g -> {
                        var t = g.token();
                        var v = PolicyRules.violation(
                                t.owner(),
                                t.scopes(),
                                t.organizations(),
                                t.expiresAt(),
                                policies.governing(t.organizations(), g.ownerOrganizations()));
                        return v == null || v.consequence() != ExistingTokens.REVOKE
                                ? null
                                : new RevokeTokenCommand(
                                        t.tokenId(),
                                        RevokeReason.POLICY,
                                        "policy " + v.policy() + ": " + v.detail(),
                                        new Actor(ActorKind.SYSTEM, "policy", null, null));
                    })
                    .filter(java.util.Objects::nonNull)
                    .toList();
            Uni<Tally> done = revoke(commands)
                    .map(t -> new Tally(sofar.revoked() + t.revoked(), sofar.unconfirmed() + t.unconfirmed()));
            if (page.size() < PAGE) {
                return done;
            }
            UUID last = page.get(page.size() - 1).token().tokenId();
            return done.chain(t -> sweep(policies, last, t));
        });
    }

    private Uni<Tally> revoke(List<RevokeTokenCommand> commands) {
        if (commands.isEmpty()) {
            return Uni.createFrom().item(new Tally(0, 0));
        }
        return Multi.createFrom()
                .iterable(commands)
                .onItem()
                .transformToUni(c -> handler.handle(c.tokenId(), List.of(c), Set.of()))
                .merge(CONCURRENCY)
                .collect()
                .asList()
                .map(results -> {
                    int revoked = 0;
                    int unconfirmed = 0;
                    for (CommandResult r : results) {
                        if (r instanceof CommandResult.Applied) {
                            revoked++;
                        } else if (r instanceof CommandResult.Unknown) {
                            unconfirmed++;
                        } // Rejected: revoked meanwhile by someone else (a revocation never loses a race)
                    }
                    if (unconfirmed > 0) {
                        LOG.warnf("%d of %d revocations not confirmed in time", unconfirmed, results.size());
                    }
                    return new Tally(revoked, unconfirmed);
                });
    }
}
