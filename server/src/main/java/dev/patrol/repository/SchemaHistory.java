package dev.patrol.repository;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;

/** Flyway's record of the migrations the database holds. */
@ApplicationScoped
public class SchemaHistory {

    @Inject
    Pool pool;

    /** The newest migration applied successfully, or null when none is. */
    public Uni<String> appliedVersion() {
        return pool.query("SELECT version FROM flyway_schema_history WHERE success AND version IS NOT NULL "
                        + "ORDER BY installed_rank DESC LIMIT 1")
                .execute()
                .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getString("version"));
    }
}
