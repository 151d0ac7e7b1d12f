package dev.patrol.api;

import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;

/** Every error leaves as application/problem+json; internals stay in the log. */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response unrecognized(UnrecognizedPropertyException e) {
        return Problem.response(400, "Bad request", "unknown field: " + e.getPropertyName());
    }

    @ServerExceptionMapper
    public Response mismatched(MismatchedInputException e) {
        String field = e.getPath().isEmpty() ? null : e.getPath().get(e.getPath().size() - 1).getFieldName();
        return Problem.build(new Problem("about:blank", "Bad request", 400,
                field == null ? "the body has the wrong shape" : "wrong type for field " + field, field, null));
    }

    @ServerExceptionMapper
    public Response json(JsonProcessingException e) {
        return Problem.response(400, "Bad request", "the body is not valid JSON for this request");
    }

    @ServerExceptionMapper
    public Response constraint(ConstraintViolationException e) {
        var v = e.getConstraintViolations().stream().findFirst();
        String field = v.map(c -> {
            String path = c.getPropertyPath().toString();
            return path.substring(path.lastIndexOf('.') + 1);
        }).orElse(null);
        return Problem.build(new Problem("about:blank", "Bad request", 400,
                v.map(c -> c.getMessage()).orElse("invalid request"), field, null));
    }

    @ServerExceptionMapper({AuthenticationFailedException.class, UnauthorizedException.class})
    public Response unauthenticated(HttpHeaders headers) {
        String auth = headers.getHeaderString(HttpHeaders.AUTHORIZATION);
        String detail = auth != null && looksLikePat(auth)
                ? "personal access tokens cannot manage tokens; sign in with OIDC"
                : "a valid OIDC bearer token is required";
        return Response.fromResponse(Problem.response(401, "Unauthorized", detail))
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer").build();
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e) {
        return Problem.response(403, "Forbidden", "you may not do this");
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        if (status == 400 && e.getCause() instanceof JsonProcessingException) {
            return json((JsonProcessingException) e.getCause());
        }
        Response.Status s = Response.Status.fromStatusCode(status);
        return Problem.response(status, s == null ? "Error" : s.getReasonPhrase(),
                status == 404 ? "no such resource" : s == null ? "request failed" : s.getReasonPhrase());
    }

    @ServerExceptionMapper(priority = 10_000)
    public Response unexpected(Throwable e) {
        LOG.error("unexpected error", e);
        return Problem.response(500, "Internal error", "the request could not be completed");
    }

    /** A PAT, sent as Bearer or as a Basic password, is recognisable by its prefix separator. */
    private static boolean looksLikePat(String authorization) {
        return authorization.regionMatches(true, 0, "Basic ", 0, 6)
                || (authorization.regionMatches(true, 0, "Bearer ", 0, 7) && authorization.indexOf('.') < 0);
    }
}
