package dev.patrol.http;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;

import io.vertx.core.http.HttpServerRequest;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * A POST without a body carries no {@code Content-Type} (curl, and every HTTP client, send none):
 * where the body is optional (regenerate) JAX-RS would refuse it with 415 for want of a media type.
 * Such a request is read as an empty body of the endpoint's own type: JSON on the API, which the
 * resources take as "no body"; a form on the OAuth 2 endpoints, which then name the missing field.
 */
public class EmptyBodyFilter {

    @ServerRequestFilter(preMatching = true)
    public void emptyBodyHasTheEndpointsType(HttpServerRequest http, ContainerRequestContext request) {
        if (request.getHeaderString(HttpHeaders.CONTENT_TYPE) == null
                && http.getHeader("Transfer-Encoding") == null
                && request.getLength() <= 0) {
            request.getHeaders()
                    .putSingle(
                            HttpHeaders.CONTENT_TYPE,
                            http.path().startsWith("/oauth2/")
                                    ? MediaType.APPLICATION_FORM_URLENCODED
                                    : MediaType.APPLICATION_JSON);
        }
    }
}
