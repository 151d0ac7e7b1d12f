package dev.patrol.health;

import java.time.Duration;
import java.util.UUID;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import dev.patrol.config.PatrolConfig;
import dev.patrol.repository.ReferenceSelect;
import io.vertx.ext.web.Router;

/**
 * {@code GET /bench/select/{tokenId}}, only when {@code patrol.bench.reference-route} is set: one
 * {@code SELECT} by primary key from a bare Vert.x route, with validation's deadline. Next to
 * {@link PingRoute} (the cheapest HTTP answer), the cheapest answer that asks PostgreSQL: what an
 * uncached {@code /auth/check} is measured against (BENCHMARKS.md).
 */
public class ReferenceSelectRoute {

    /** As validation's lookups (PatValidator). */
    private static final Duration DEADLINE = Duration.ofSeconds(2);

    @Inject
    PatrolConfig config;

    @Inject
    ReferenceSelect select;

    void route(@Observes Router router) {
        if (!config.bench().referenceRoute()) {
            return;
        }
        router.get("/bench/select/:id").handler(rc -> {
            UUID id;
            try {
                id = UUID.fromString(rc.pathParam("id"));
            } catch (IllegalArgumentException e) {
                rc.response().setStatusCode(400).end();
                return;
            }
            select.exists(id)
                    .ifNoItem()
                    .after(DEADLINE)
                    .fail()
                    .subscribe()
                    .with(
                            found -> rc.response()
                                    .setStatusCode(found ? 200 : 404)
                                    .end(),
                            failure -> rc.response().setStatusCode(503).end());
        });
    }
}
