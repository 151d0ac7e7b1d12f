package dev.patrol.identity;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.patrol.domain.Actor;
import dev.patrol.domain.ActorKind;
import dev.patrol.domain.RevokeReason;
import dev.patrol.edge.InvalidationPublisher;
import dev.patrol.projection.InvalidationOutbox;
import dev.patrol.repository.OwnerOrganizations;
import dev.patrol.repository.OwnerOrganizations.Narrowing;
import dev.patrol.write.GovernanceCommands;
import io.smallrye.mutiny.Uni;
import org.jboss.logging.Logger;

/**
 * Applies what the identity provider says about a person. Organizations are narrowed in the owner's
 * snapshot, and in the same transaction every cache is told (through the broadcast's outbox, and
 * instances on this database at the commit) to drop that owner's tokens, so every instance judges
 * them against the narrowed membership within the broadcast's bound. A disabled or deleted person
 * loses every organization and every token (revoked, reason {@code OWNER_DISABLED}). Applying an
 * event twice changes nothing more.
 */
@ApplicationScoped
public class IdentityChanges {

    private static final Logger LOG = Logger.getLogger(IdentityChanges.class);

    /** What an identity event changed. */
    public record Outcome(List<String> organizations, int tokensRevoked) {}

    @Inject
    OwnerOrganizations owners;

    @Inject
    InvalidationPublisher publisher;

    @Inject
    InvalidationOutbox outbox;

    @Inject
    GovernanceCommands governance;

    @Inject
    Clock clock;

    /** @param actor who said so: the identity provider (SYSTEM) or an administrator (ADMIN) */
    public Uni<Outcome> apply(IdentityChange change, Actor actor) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        boolean disabling =
                change.kind() == IdentityChange.Kind.DISABLED || change.kind() == IdentityChange.Kind.DELETED;
        Narrowing narrowing = switch (change.kind()) {
            case DISABLED, DELETED -> Narrowing.NONE_LEFT;
            case ORGANIZATION_REMOVED -> Narrowing.WITHOUT;
            case ORGANIZATIONS_CHANGED -> Narrowing.WITHIN;
        };
        Set<String> named = switch (change.kind()) {
            case DISABLED, DELETED -> Set.of();
            case ORGANIZATION_REMOVED -> Set.of(change.organization());
            case ORGANIZATIONS_CHANGED -> change.organizations();
        };
        return owners.narrow(change.subject(), narrowing, named, change.id(), now, publisher::message)
                .invoke(outbox::flushSoon)
                .chain(orgs -> !disabling
                        ? Uni.createFrom().item(new Outcome(orgs, 0))
                        : governance
                                .revokeAll(
                                        change.subject(),
                                        RevokeReason.OWNER_DISABLED,
                                        "the identity provider "
                                                + (change.kind() == IdentityChange.Kind.DELETED
                                                        ? "deleted"
                                                        : "disabled")
                                                + " the owner",
                                        actor)
                                .map(tally -> {
                                    if (tally.unconfirmed() > 0) {
                                        throw new IllegalStateException(
                                                tally.unconfirmed() + " revocations not confirmed in time");
                                    }
                                    return new Outcome(orgs, tally.revoked());
                                }))
                .invoke(o -> LOG.infof(
                        "identity event %s (%s): owner's organizations now %d, %d token(s) revoked",
                        change.id(), change.kind(), o.organizations().size(), o.tokensRevoked()));
    }

    /** The identity provider as the actor of what its events cause. */
    public static Actor identityProvider() {
        return new Actor(ActorKind.SYSTEM, "identity-provider", null, null);
    }
}
