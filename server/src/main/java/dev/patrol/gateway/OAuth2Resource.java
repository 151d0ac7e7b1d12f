package dev.patrol.gateway;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;

import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import dev.patrol.domain.Networks;
import dev.patrol.edge.ValidToken;
import dev.patrol.http.Answers;
import dev.patrol.http.Problem;
import dev.patrol.service.TokenService;
import dev.patrol.validation.ClientAddress;
import dev.patrol.validation.LastUseRecorder;
import dev.patrol.validation.NamedSecret;
import dev.patrol.validation.OrganizationAccess;
import dev.patrol.validation.PatValidator;
import dev.patrol.validation.Presenter;
import dev.patrol.validation.Validation;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** RFC 7662 token introspection and RFC 7009 token revocation for PATs. */
@Path("/oauth2")
@Tag(name = "oauth2")
public class OAuth2Resource {

    @Inject
    PatValidator validator;

    @Inject
    TokenService tokens;

    @Inject
    Clock clock;

    @Inject
    ClientAddress clientAddress;

    @Inject
    LastUseRecorder lastUse;

    @Inject
    IntrospectionCaller callers;

    @Inject
    HttpServerRequest request;

    @Inject
    Issuer issuer;

    @Inject
    OrganizationAccess access;

    @Inject
    JwtMinter jwts;

    @POST
    @Path("introspect")
    @PermitAll
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces({MediaType.APPLICATION_JSON, "application/" + JwtMinter.INTROSPECTION_TYPE})
    @Operation(
            summary = "RFC 7662: is this PAT active, and what may it do? (RFC 9701: signed, with that Accept)",
            description = "Callers are registered resource servers (client_secret_basic or client_secret_post) "
                    + "or OIDC clients whose access token carries the introspection role. A client limited to "
                    + "organizations or scopes gets {\"active\": false} for tokens outside them. A registered "
                    + "client may report client_address, the address the token was presented from: a token bound "
                    + "to networks is active only from inside them, and never without it.")
    public Uni<Response> introspect(
            @FormParam("token") String token,
            @FormParam("client_address") String reportedAddress,
            @FormParam("client_id") String clientId,
            @FormParam("client_secret") String clientSecret,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @HeaderParam(HttpHeaders.ACCEPT) String accept,
            RoutingContext context) {
        boolean signed = accept != null && accept.contains(JwtMinter.INTROSPECTION_TYPE);
        return callers.authenticate(authorization, clientId, clientSecret, context)
                .chain(caller -> {
                    if (token == null || token.isBlank()) {
                        return Uni.createFrom().item(invalidRequest());
                    }
                    if (signed && (!jwts.enabled() || caller.client().isEmpty())) {
                        return Uni.createFrom()
                                .item(Problem.response(
                                        406,
                                        "Not acceptable",
                                        "signed introspection answers (RFC 9701) are for resource servers registered in "
                                                + "patrol.introspection.clients, from a Patrol with patrol.jwt.keys"));
                    }
                    if (reportedAddress != null
                            && (caller.client().isEmpty() || !Networks.isAddress(reportedAddress.strip()))) {
                        return Uni.createFrom()
                                .item(
                                        Problem.response(
                                                400,
                                                "Bad request",
                                                "client_address is the IPv4 or IPv6 address a token was presented from, "
                                                        + "reported by resource servers registered in patrol.introspection.clients"));
                    }
                    Presenter presenter = clientAddress.presenter(request);
                    // A token bound to networks is judged by the address its user came from, which only the
                    // resource server knows: without one reported, such a token is inactive.
                    return validator
                            .validate(
                                    token.strip(), presenter, reportedAddress == null ? null : reportedAddress.strip())
                            .map(v -> introspection(
                                    v, caller, presenter, reportedAddress == null ? null : reportedAddress.strip()))
                            .map(r -> signed ? sign(r, caller) : r);
                })
                .onFailure(IntrospectionCaller.Refused.class)
                .recoverWithItem(e -> ((IntrospectionCaller.Refused) e).response)
                .map(r -> {
                    Response.ResponseBuilder answer = Response.fromResponse(r);
                    noStore(answer::header);
                    return answer.build();
                });
    }

    /** {@code usedFrom}: the address the resource server reports (null: none), judged by organizations' networks. */
    private Response introspection(
            Validation v, IntrospectionCaller.Authenticated caller, Presenter presenter, String usedFrom) {
        if (v instanceof Validation.Unavailable u) {
            return Problem.unavailable(u, "the token cannot be checked right now");
        }
        if (!(v instanceof Validation.Valid valid)
                || caller.client()
                        .map(c -> !c.sees(
                                valid.token(),
                                o -> access.actsIn(valid.token(), o) && access.fromNetworksOf(o, () -> usedFrom)))
                        .orElse(false)) {
            return Response.ok(Map.of("active", false)).build();
        }
        ValidToken t = valid.token();
        // An introspection is a use of the token (by a tool, through the resource server that asks).
        lastUse.record(t.tokenId(), presenter.clientIp(), presenter.userAgent());
        Set<String> scopes = caller.client().map(c -> c.visibleScopes(t)).orElse(t.scopes());
        return Response.ok(active(t, scopes, access.organizations(t), issuer.of(request)))
                .build();
    }

    /** RFC 9701: the JSON answer (200 only) as a JWT signed for the resource server that asked. */
    @SuppressWarnings("unchecked")
    private Response sign(Response answer, IntrospectionCaller.Authenticated caller) {
        if (answer.getStatus() != 200 || !(answer.getEntity() instanceof Map<?, ?> body)) {
            return answer;
        }
        String jwt = jwts.introspectionResponse(
                issuer.of(request), caller.client().orElseThrow().id(), (Map<String, Object>) body);
        return Response.ok(jwt, "application/" + JwtMinter.INTROSPECTION_TYPE).build();
    }

    /** The RFC 7662 answer for an active token (shared with {@link IntrospectionFastPath}). */
    static Map<String, Object> active(ValidToken t, Set<String> scopes, List<String> organizations, String issuer) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("active", true);
        body.put("scope", String.join(" ", scopes.stream().sorted().toList()));
        body.put("sub", t.owner());
        body.put("username", t.owner());
        body.put("client_id", t.tokenId().toString());
        body.put("jti", t.tokenId().toString());
        body.put("token_type", "personal_access_token");
        body.put("iat", t.createdAt().getEpochSecond());
        body.put("nbf", t.createdAt().getEpochSecond());
        body.put("exp", t.expiresAt().getEpochSecond());
        body.put("iss", issuer);
        body.put("organizations", organizations);
        body.put("patrol_name", t.name());
        body.put("patrol_all_organizations", t.organizations().all());
        body.put("patrol_organizations", organizations);
        return body;
    }

    /** RFC 7662 section 2.2 and RFC 6749 section 5.1: an answer about a token is never cached. */
    static void noStore(BiConsumer<String, String> header) {
        header.accept("Cache-Control", "no-store");
        header.accept("Pragma", "no-cache");
    }

    @POST
    @Path("revoke")
    @PermitAll
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(summary = "RFC 7009: whoever holds a PAT may revoke it; 200 even for an unknown token")
    public Uni<Response> revoke(@FormParam("token") String token) {
        if (token == null || token.isBlank()) {
            return Uni.createFrom().item(invalidRequest());
        }
        Presenter presenter = clientAddress.presenter(request);
        // Unauthenticated, and each call may cost a lookup: held to validation's budget per client.
        return validator.lookUpNamed(token.strip(), presenter).chain(named -> {
            if (named instanceof NamedSecret.Shed shed) {
                return Uni.createFrom().item(Problem.unavailable(shed.unavailable(), null));
            }
            if (!(named instanceof NamedSecret.Found found) || found.token().isRevoked()) {
                return Uni.createFrom().item(Response.ok().build());
            }
            // RFC 7009: a token that turned out invalid (revoked meanwhile) answers 200 as well.
            return tokens.revokeAsHolder(found.token().tokenId(), presenter)
                    .map(outcome -> Answers.of(outcome, revoked -> Response.ok().build()));
        });
    }

    /** RFC 7662/7009: a request without a token is the OAuth error {@code invalid_request}. */
    private static Response invalidRequest() {
        return Response.status(400)
                .type(MediaType.APPLICATION_JSON)
                .entity(Map.of("error", "invalid_request"))
                .build();
    }
}
