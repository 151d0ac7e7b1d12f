package dev.patrol.readmodel;

import java.time.Clock;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/** Remembers the organizations an owner's OIDC identity lists, for tokens bound to all of them. */
@ApplicationScoped
public class OwnerOrganizations {

    @Inject
    Pool client;

    @Inject
    Clock clock;

    /** Upserts the snapshot; writes nothing when it did not change. */
    public Uni<Void> remember(String owner, Set<String> organizations) {
        return client.preparedQuery(
                        "INSERT INTO owner_organizations (owner, organizations, seen_at) VALUES ($1, $2, $3) "
                                + "ON CONFLICT (owner) DO UPDATE SET organizations = EXCLUDED.organizations, seen_at = EXCLUDED.seen_at "
                                + "WHERE owner_organizations.organizations IS DISTINCT FROM EXCLUDED.organizations")
                .execute(Tuple.of(owner, TokenRows.sorted(organizations), TokenRows.odt(clock.instant())))
                .replaceWithVoid();
    }
}
