package dev.patrol.api;

import jakarta.enterprise.event.Observes;

import dev.patrol.identity.AccessWithdrawnException;
import io.quarkus.security.AuthenticationCompletionException;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.Json;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Failures decided before JAX-RS, where its exception mappers never see them (the HTTP permission
 * check of the web pages; a request Vert.x cannot parse), answered as problem+json like every other
 * error instead of an empty body.
 */
public class HttpFailures {

    void route(@Observes Router router) {
        router.route().failureHandler(this::handle);
    }

    private void handle(RoutingContext rc) {
        if (rc.response().headWritten()) {
            rc.next();
            return;
        }
        Throwable failure = rc.failure();
        Problem problem;
        if (withdrawn(failure)) {
            problem = new Problem("about:blank", "Forbidden", 403, AccessWithdrawnException.DISABLED, null, null);
        } else if (failure == null && rc.statusCode() == 400) {
            problem = new Problem("about:blank", "Bad request", 400, "the request could not be parsed", null, null);
        } else {
            rc.next();
            return;
        }
        rc.response()
                .setStatusCode(problem.status())
                .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                .end(Json.encode(problem));
    }

    /**
     * Whether {@code failure} is access the identity provider withdrew. The web pages' sign-in
     * mechanism reports it as a failed ID token verification that keeps only the message (and ends
     * the session: the next page sends the person to the provider).
     */
    private static boolean withdrawn(Throwable failure) {
        return failure instanceof AccessWithdrawnException
                || (failure instanceof AuthenticationCompletionException
                        && failure.getMessage() != null
                        && failure.getMessage().contains(AccessWithdrawnException.DISABLED));
    }
}
