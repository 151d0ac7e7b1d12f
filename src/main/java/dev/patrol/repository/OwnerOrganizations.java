package dev.patrol.repository;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

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
}
