package dev.patrol.repository;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The least an uncached validation could cost the database: one prepared {@code SELECT} by primary
 * key on the same pool (bench/run-uncached.sh measures {@code /auth/check} against it). Callers add
 * the deadline.
 */
@ApplicationScoped
public class ReferenceSelect {

    @Inject
    Pool pool;

    /** The reference query: one column of one row by primary key ($1). */
    public static final String BY_ID = "SELECT token_id FROM rm_token WHERE token_id = $1";

    /** Whether a token with this id is in the read model. */
    public Uni<Boolean> exists(UUID tokenId) {
        return pool.preparedQuery(BY_ID).execute(Tuple.of(tokenId)).map(rows -> rows.size() > 0);
    }
}
