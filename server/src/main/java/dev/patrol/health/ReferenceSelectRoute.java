package dev.patrol.health;

import java.time.Duration;
import java.util.UUID;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import dev.patrol.config.PatrolConfig;
import dev.patrol.repository.ReferenceSelect;
import dev.patrol.repository.SecretLookups;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Only when {@code patrol.bench.reference-route} is set, two bare Vert.x routes that ask PostgreSQL
 * once, with validation's deadline, answering 200 or 404: what an uncached {@code /auth/check} is
 * measured against (BENCHMARKS.md, bench/run-uncached.sh). Next to {@link PingRoute}, the cheapest
 * HTTP answer, they are the cheapest answers that read the database:
 * <ul>
 *   <li>{@code GET /bench/select/{tokenId}}: one {@code SELECT} by primary key, the physical limit;
 *   <li>{@code GET /bench/lookup/{secretHash}}: validation's own query (SecretLookups.current), which
 *       splits what the query costs from what the rest of a check costs.
 * </ul>
 */
public class ReferenceSelectRoute {

    /** As validation's lookups (PatValidator). */
    private static final Duration DEADLINE = Duration.ofSeconds(2);

    @Inject
    PatrolConfig config;

    @Inject
    ReferenceSelect select;

    @Inject
    SecretLookups lookups;

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
            answer(rc, select.exists(id));
        });
        router.get("/bench/lookup/:hash")
                .handler(rc -> answer(rc, lookups.current(rc.pathParam("hash")).map(found -> found != null)));
    }

    private static void answer(RoutingContext rc, Uni<Boolean> found) {
        found.ifNoItem()
                .after(DEADLINE)
                .fail()
                .subscribe()
                .with(
                        yes -> rc.response().setStatusCode(yes ? 200 : 404).end(),
                        failure -> rc.response().setStatusCode(503).end());
    }
}
