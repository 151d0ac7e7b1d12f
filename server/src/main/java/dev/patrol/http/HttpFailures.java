package dev.patrol.http;

import jakarta.enterprise.event.Observes;

import dev.patrol.identity.AccessWithdrawnException;
import io.quarkus.security.AuthenticationCompletionException;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.Json;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Failures decided before JAX-RS, where its exception mappers never see them (the web pages' sign-in
 * and permission check), answered as problem+json like every other error instead of an empty body.
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
        if (!withdrawn(failure)) {
            rc.next();
            return;
        }
        Problem problem = new Problem("about:blank", "Forbidden", 403, AccessWithdrawnException.DISABLED, null, null);
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
