package dev.patrol.identity;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.patrol.domain.Actor;
import dev.patrol.domain.ActorKind;
import dev.patrol.domain.RevokeReason;
import dev.patrol.edge.Invalidation;
import dev.patrol.edge.InvalidationPublisher;
import dev.patrol.projection.InvalidationOutbox;
import dev.patrol.repository.CommitNotices;
import dev.patrol.repository.Deadlines;
import dev.patrol.repository.TokenRows;
import dev.patrol.write.GovernanceCommands;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
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

    /**
     * Announced at the commit of every identity change, with the subject as the payload: instances drop
     * OIDC callers they verified earlier (and judge them again, against the change).
     */
    public static final String COMMIT_CHANNEL = "patrol_identity_change";

    /** What an identity event changed. */
    public record Outcome(List<String> organizations, int tokensRevoked) {}

    @Inject
    Pool pool;

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
        String narrowed = switch (change.kind()) {
            case DISABLED, DELETED -> "'{}'::text[]";
            case ORGANIZATION_REMOVED -> "array_remove(owner_organizations.organizations, $4)";
            case ORGANIZATIONS_CHANGED ->
                "ARRAY(SELECT unnest(owner_organizations.organizations) INTERSECT SELECT unnest($4::text[]) ORDER BY 1)";
        };
        Object argument = switch (change.kind()) {
            case DISABLED, DELETED -> null;
            case ORGANIZATION_REMOVED -> change.organization();
            case ORGANIZATIONS_CHANGED -> TokenRows.sorted(change.organizations());
        };
        // An owner never seen gets an empty snapshot (it allowed nothing before, and still does).
        String upsert = "INSERT INTO owner_organizations (owner, organizations, seen_at, narrowed_at, disabled_at) "
                + "VALUES ($1, '{}', $2, $2, $3) ON CONFLICT (owner) DO UPDATE SET organizations = " + narrowed
                + ", narrowed_at = $2, disabled_at = COALESCE($3, owner_organizations.disabled_at) "
                + "RETURNING organizations";
        Tuple params = Tuple.of(change.subject(), TokenRows.odt(now), disabling ? TokenRows.odt(now) : null);
        if (argument != null) {
            params.addValue(argument);
        }
        return pool.withTransaction(conn -> conn.preparedQuery(upsert)
                        .execute(params)
                        // Every instance hears the subject at the commit and forgets OIDC callers it trusted.
                        .call(() -> conn.preparedQuery("SELECT pg_notify($1, $2)")
                                .execute(Tuple.of(COMMIT_CHANNEL, change.subject())))
                        .chain(rows -> conn.preparedQuery("SELECT token_id, owner, version, secret_hash FROM rm_token "
                                        + "WHERE owner = $1 AND status = 'ACTIVE'")
                                .execute(Tuple.of(change.subject()))
                                .chain(tokens -> {
                                    List<Tuple> messages = new ArrayList<>();
                                    List<String> published = new ArrayList<>();
                                    for (Row t : tokens) {
                                        Invalidation i = Invalidation.membershipChanged(
                                                t.getUUID(0),
                                                t.getString(1),
                                                t.getLong(2),
                                                t.getString(3),
                                                change.id(),
                                                now);
                                        String m = publisher.message(i);
                                        published.add(m);
                                        messages.add(Tuple.of(i.tokenId(), i.eventId(), TokenRows.odt(now), m));
                                    }
                                    Uni<Void> queued = messages.isEmpty()
                                            ? Uni.createFrom().voidItem()
                                            : conn.preparedQuery(
                                                            "INSERT INTO rm_invalidation_outbox "
                                                                    + "(token_id, event_id, effective_at, message) VALUES ($1, $2, $3, $4)")
                                                    .executeBatch(messages)
                                                    .chain(() -> conn.preparedQuery("SELECT pg_notify($1, $2)")
                                                            .executeBatch(CommitNotices.announcements(
                                                                    Invalidation.COMMIT_CHANNEL, published)))
                                                    .replaceWithVoid();
                                    return queued.replaceWith(
                                            List.of(rows.iterator().next().getArrayOfStrings(0)));
                                })))
                // A database that stops answering fails the change (sent again, it applies once), never hangs it.
                .ifNoItem()
                .after(Deadlines.TRANSACTION)
                .fail()
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
