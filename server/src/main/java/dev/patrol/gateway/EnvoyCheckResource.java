package dev.patrol.gateway;

import java.util.List;

import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.OPTIONS;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The gateway check as Envoy's HTTP {@code ext_authz} service asks it: the original method, and
 * the original path appended to {@code path_prefix: /auth/envoy}. Judged by the route table exactly
 * like {@code /auth/check} with {@code X-Original-Method}/{@code X-Original-URI} (docs/gateway.md).
 */
@Path("/auth/envoy")
@PermitAll
@Tag(name = "gateway")
public class EnvoyCheckResource {

    /** The check request's header naming the audience of the JWT to answer (Envoy's {@code headers_to_add}). */
    static final String JWT_AUDIENCE_HEADER = "X-Patrol-Jwt-Audience";

    @Inject
    AuthCheckResource check;

    private Uni<Response> judge(String authorization, RoutingContext context) {
        String uri = context.request().uri().substring("/auth/envoy".length());
        // The original path is Envoy's own (appended to path_prefix), never a header a client wrote.
        return check.judge(
                authorization,
                null,
                null,
                null,
                // The audience of a JWT to answer: a header Envoy adds (headers_to_add), docs/protecting-an-api.md.
                context.request().getHeader(JWT_AUDIENCE_HEADER),
                context.request().method().name(),
                List.of(uri.isEmpty() ? "/" : uri),
                false,
                context);
    }

    @GET
    @Path("{original: .*}")
    @Operation(summary = "Envoy ext_authz: may the original GET pass? (also POST, PUT, PATCH, DELETE, OPTIONS)")
    public Uni<Response> get(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, RoutingContext context) {
        return judge(authorization, context);
    }

    @POST
    @Path("{original: .*}")
    public Uni<Response> post(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, RoutingContext context) {
        return judge(authorization, context);
    }

    @PUT
    @Path("{original: .*}")
    public Uni<Response> put(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, RoutingContext context) {
        return judge(authorization, context);
    }

    @PATCH
    @Path("{original: .*}")
    public Uni<Response> patch(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, RoutingContext context) {
        return judge(authorization, context);
    }

    @DELETE
    @Path("{original: .*}")
    public Uni<Response> delete(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, RoutingContext context) {
        return judge(authorization, context);
    }

    @OPTIONS
    @Path("{original: .*}")
    public Uni<Response> options(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, RoutingContext context) {
        return judge(authorization, context);
    }
}
