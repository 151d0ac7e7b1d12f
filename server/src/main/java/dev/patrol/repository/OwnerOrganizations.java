package dev.patrol.repository;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.patrol.domain.Invalidation;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Remembers the organizations an owner's OIDC identity lists: a token acts only in organizations
 * its owner belongs to (as last seen here, and as narrowed by identity events).
 */
@ApplicationScoped
public class OwnerOrganizations {

    @Inject
    Pool client;

    @Inject
    Clock clock;

    /**
     * Announced at the commit of every identity change, with the subject as the payload: instances drop
     * OIDC callers they verified earlier (and judge them again, against the change).
     */
    public static final String CHANGE_CHANNEL = "patrol_identity_change";

    /** How an identity event narrows an owner's organizations. */
    public enum Narrowing {
        /** None is left: the person was disabled or deleted (the snapshot remembers when). */
        NONE_LEFT("'{}'::text[]"),
        /** The organizations named go. */
        WITHOUT("ARRAY(SELECT unnest(owner_organizations.organizations) EXCEPT SELECT unnest($4::text[]) ORDER BY 1)"),
        /** Only the organizations named stay. */
        WITHIN(
                "ARRAY(SELECT unnest(owner_organizations.organizations) INTERSECT SELECT unnest($4::text[]) ORDER BY 1)");

        final String sql;

        Narrowing(String sql) {
            this.sql = sql;
        }
    }

    /** What the identity provider last took away from an owner; organizations as they are now. */
    public record Standing(Instant disabledAt, Instant narrowedAt, Set<String> organizations) {}

    /** The owner's standing, or null for an owner no identity event or OIDC call ever mentioned. */
    public Uni<Standing> standing(String owner) {
        return client.preparedQuery(
                        "SELECT disabled_at, narrowed_at, organizations FROM owner_organizations WHERE owner = $1")
                .execute(Tuple.of(owner))
                .ifNoItem()
                .after(Deadlines.DATABASE)
                .fail()
                .map(rows -> {
                    if (rows.size() == 0) {
                        return null;
                    }
                    Row r = rows.iterator().next();
                    OffsetDateTime disabled = r.getOffsetDateTime(0);
                    OffsetDateTime narrowed = r.getOffsetDateTime(1);
                    return new Standing(
                            disabled == null ? null : disabled.toInstant(),
                            narrowed == null ? null : narrowed.toInstant(),
                            r.getArrayOfStrings(2) == null ? Set.of() : Set.copyOf(List.of(r.getArrayOfStrings(2))));
                });
    }

    /**
     * Upserts the snapshot from an OIDC token issued at {@code issuedAt}; writes nothing when it did
     * not change, or when an identity event narrowed the owner's organizations after that token was
     * issued (a stale claim must not bring a removed organization back). The e-mail address (for
     * notices) is kept when the token carries one. Answers false, writing
     * nothing, when the owner was disabled or deleted after that token was issued.
     */
    public Uni<Boolean> remember(String owner, Set<String> organizations, Instant issuedAt, String email) {
        return client.preparedQuery("SELECT disabled_at FROM owner_organizations WHERE owner = $1")
                .execute(Tuple.of(owner))
                .ifNoItem()
                .after(Deadlines.DATABASE)
                .fail()
                .chain(rows -> {
                    var disabledAt =
                            rows.size() == 0 ? null : rows.iterator().next().getOffsetDateTime(0);
                    if (disabledAt != null && !issuedAt.isAfter(disabledAt.toInstant())) {
                        return Uni.createFrom().item(false);
                    }
                    String widen = "(owner_organizations.narrowed_at IS NULL OR owner_organizations.narrowed_at < $4)";
                    return client.preparedQuery(
                                    "INSERT INTO owner_organizations (owner, organizations, seen_at, email) VALUES ($1, $2, $3, $5) "
                                            + "ON CONFLICT (owner) DO UPDATE SET organizations = CASE WHEN " + widen
                                            + " THEN EXCLUDED.organizations ELSE owner_organizations.organizations END, "
                                            + "email = COALESCE(EXCLUDED.email, owner_organizations.email), seen_at = EXCLUDED.seen_at "
                                            + "WHERE (owner_organizations.organizations IS DISTINCT FROM EXCLUDED.organizations AND "
                                            + widen + ") OR (EXCLUDED.email IS NOT NULL "
                                            + "AND owner_organizations.email IS DISTINCT FROM EXCLUDED.email)")
                            .execute(Tuple.of(
                                    owner,
                                    TokenRows.sorted(organizations),
                                    TokenRows.odt(clock.instant()),
                                    TokenRows.odt(issuedAt),
                                    email))
                            .ifNoItem()
                            .after(Deadlines.DATABASE)
                            .fail()
                            .replaceWith(true);
                });
    }

    /**
     * Narrows the owner's snapshot of organizations and, in the same transaction, tells every cache to
     * drop the owner's active tokens (the broadcast's outbox, and instances on this database at the
     * commit, through {@code message}'s form of each invalidation) and every instance to forget the
     * owner as a verified OIDC caller ({@link #CHANGE_CHANNEL}). An owner never seen gets an empty
     * snapshot (it allowed nothing before, and still does).
     *
     * @param organizations those that go ({@link Narrowing#WITHOUT}) or stay ({@link Narrowing#WITHIN})
     * @param changeId the identity event's id, named by the invalidations
     * @return the owner's organizations now
     */
    public Uni<List<String>> narrow(
            String owner,
            Narrowing narrowing,
            Set<String> organizations,
            String changeId,
            Instant now,
            Function<Invalidation, String> message) {
        String upsert = "INSERT INTO owner_organizations (owner, organizations, seen_at, narrowed_at, disabled_at) "
                + "VALUES ($1, '{}', $2, $2, $3) ON CONFLICT (owner) DO UPDATE SET organizations = " + narrowing.sql
                + ", narrowed_at = $2, disabled_at = COALESCE($3, owner_organizations.disabled_at) "
                + "RETURNING organizations";
        boolean disabled = narrowing == Narrowing.NONE_LEFT;
        Tuple params = Tuple.of(owner, TokenRows.odt(now), disabled ? TokenRows.odt(now) : null);
        if (!disabled) {
            params.addValue(TokenRows.sorted(organizations));
        }
        return client.withTransaction(conn -> conn.preparedQuery(upsert)
                        .execute(params)
                        .call(() ->
                                conn.preparedQuery("SELECT pg_notify($1, $2)").execute(Tuple.of(CHANGE_CHANNEL, owner)))
                        .chain(rows -> conn.preparedQuery("SELECT token_id, owner, version, secret_hash FROM rm_token "
                                        + "WHERE owner = $1 AND status = 'ACTIVE'")
                                .execute(Tuple.of(owner))
                                .chain(tokens -> {
                                    List<Tuple> queued = new ArrayList<>();
                                    List<String> published = new ArrayList<>();
                                    for (Row t : tokens) {
                                        Invalidation i = Invalidation.membershipChanged(
                                                t.getUUID(0),
                                                t.getString(1),
                                                t.getLong(2),
                                                t.getString(3),
                                                changeId,
                                                now);
                                        String m = message.apply(i);
                                        published.add(m);
                                        queued.add(Tuple.of(i.tokenId(), i.eventId(), TokenRows.odt(now), m));
                                    }
                                    Uni<Void> written = queued.isEmpty()
                                            ? Uni.createFrom().voidItem()
                                            : conn.preparedQuery(
                                                            "INSERT INTO rm_invalidation_outbox "
                                                                    + "(token_id, event_id, effective_at, message) VALUES ($1, $2, $3, $4)")
                                                    .executeBatch(queued)
                                                    .chain(() -> conn.preparedQuery("SELECT pg_notify($1, $2)")
                                                            .executeBatch(CommitNotices.announcements(
                                                                    CommitNotices.INVALIDATION_CHANNEL, published)))
                                                    .replaceWithVoid();
                                    return written.replaceWith(
                                            List.of(rows.iterator().next().getArrayOfStrings(0)));
                                })))
                // A database that stops answering fails the change (sent again, it applies once), never hangs it.
                .ifNoItem()
                .after(Deadlines.TRANSACTION)
                .fail();
    }
}
