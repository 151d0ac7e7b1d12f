package dev.patrol.http;

import jakarta.inject.Inject;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import dev.patrol.config.PatrolConfig;
import dev.patrol.identity.AccessWithdrawnException;
import dev.patrol.validation.PatAuthenticationMechanism;
import dev.patrol.validation.PatIdentityProvider;
import dev.patrol.validation.PresentedCredential;
import dev.patrol.validation.ValidationUnavailableException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.quarkus.security.identity.SecurityIdentity;
import io.vertx.core.http.HttpServerRequest;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Every error leaves as application/problem+json; internals stay in the log. */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @Inject
    PatrolConfig config;

    @Inject
    SecurityIdentity identity;

    @ServerExceptionMapper
    public Response unrecognized(UnrecognizedPropertyException e) {
        return Problem.response(400, "Bad request", "unknown field: " + e.getPropertyName());
    }

    @ServerExceptionMapper
    public Response mismatched(MismatchedInputException e) {
        String field = e.getPath().isEmpty()
                ? null
                : e.getPath().get(e.getPath().size() - 1).getFieldName();
        return Problem.build(new Problem(
                "about:blank",
                "Bad request",
                400,
                field == null ? "the body has the wrong shape" : "wrong type for field " + field,
                field,
                null));
    }

    @ServerExceptionMapper
    public Response json(JsonProcessingException e) {
        return Problem.response(400, "Bad request", "the body is not valid JSON for this request");
    }

    @ServerExceptionMapper({AuthenticationFailedException.class, UnauthorizedException.class})
    public Response unauthenticated(HttpHeaders headers, HttpServerRequest request) {
        String auth = headers.getHeaderString(HttpHeaders.AUTHORIZATION);
        String path = request.path();
        if (path.startsWith("/api/v1/tokens/self")) {
            return Response.fromResponse(Problem.response(
                            401,
                            "Unauthorized",
                            "the personal access token is missing, malformed, unknown, expired or revoked"))
                    .header(HttpHeaders.WWW_AUTHENTICATE, PatAuthenticationMechanism.challenge(config))
                    .build();
        }
        String detail;
        if (auth != null
                && PresentedCredential.parse(auth, config.tokens().prefix(), Integer.MAX_VALUE)
                                .kind()
                        != PresentedCredential.Kind.NOT_PAT) {
            detail = path.startsWith("/api/v1/tokens") || path.startsWith("/api/v1/admin")
                    ? "personal access tokens cannot manage tokens; sign in with OIDC"
                    : "personal access tokens are not accepted here; use an OIDC access token";
        } else {
            detail = "a valid OIDC bearer token is required";
        }
        return Response.fromResponse(Problem.response(401, "Unauthorized", detail))
                .header(
                        HttpHeaders.WWW_AUTHENTICATE,
                        "Bearer realm=\"" + config.validation().realm() + "\"")
                .build();
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e) {
        if (e instanceof AccessWithdrawnException) {
            return Problem.response(403, "Forbidden", e.getMessage()); // there is no identity to ask
        }
        if (identity.getAttribute(PatIdentityProvider.TOKEN_ATTRIBUTE) != null) {
            return Response.fromResponse(Problem.response(403, "Forbidden", "the token lacks the scope this needs"))
                    .header(
                            HttpHeaders.WWW_AUTHENTICATE,
                            "Bearer realm=\"" + config.validation().realm() + "\", error=\"insufficient_scope\"")
                    .build();
        }
        return Problem.response(403, "Forbidden", "you may not do this");
    }

    @ServerExceptionMapper
    public Response unavailable(ValidationUnavailableException e) {
        return Problem.unavailable(e.unavailable(), "the credential cannot be checked right now");
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        if (status == 400 && e.getCause() instanceof JsonProcessingException) {
            return json((JsonProcessingException) e.getCause());
        }
        Response.Status s = Response.Status.fromStatusCode(status);
        return Problem.response(
                status,
                s == null ? "Error" : s.getReasonPhrase(),
                status == 404 ? "no such resource" : s == null ? "request failed" : s.getReasonPhrase());
    }

    @ServerExceptionMapper(priority = 10_000)
    public Response unexpected(Throwable e) {
        if (dependencyFailure(e)) {
            // PostgreSQL or Kafka unreachable, closed or past its deadline: the request may succeed later.
            LOG.debugf("request failed on a dependency: %s", e.getClass().getSimpleName()); // health says which
            return Problem.response(503, "Service unavailable", "a dependency is unavailable; retry shortly");
        }
        LOG.error("unexpected error", e);
        return Problem.response(500, "Internal error", "the request could not be completed");
    }

    /** Whether {@code e}, or what caused it, is the database client, the Kafka client, the network or a deadline failing. */
    public static boolean dependencyFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String name = t.getClass().getName();
            if (name.startsWith("io.vertx.sqlclient.")
                    || name.startsWith("io.vertx.pgclient.")
                    || name.startsWith("org.apache.kafka.common.errors.")
                    || t instanceof java.net.ConnectException
                    || t instanceof java.nio.channels.ClosedChannelException
                    || t instanceof io.smallrye.mutiny.TimeoutException
                    || t instanceof java.util.concurrent.TimeoutException) {
                return true;
            }
        }
        return false;
    }
}
