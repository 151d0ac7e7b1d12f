package dev.patrol.health;

import jakarta.enterprise.event.Observes;

import io.vertx.ext.web.Router;

/**
 * {@code GET /ping}: 200 with no body, straight from a Vert.x route on the API's HTTP server (no
 * JAX-RS, no security, no JSON). The reference the benchmarks measure every path against (the
 * cheapest answer this server can give), and a reachability probe for load balancers that must not
 * see health details.
 */
public class PingRoute {

    void route(@Observes Router router) {
        router.get("/ping").handler(rc -> rc.response().setStatusCode(200).end());
    }
}
