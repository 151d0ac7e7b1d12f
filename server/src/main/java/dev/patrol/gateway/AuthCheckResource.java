package dev.patrol.gateway;

import java.util.List;
import java.util.function.BiConsumer;

import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import dev.patrol.config.PatrolConfig;
import dev.patrol.domain.ScopeCatalogue;
import dev.patrol.edge.ValidToken;
import dev.patrol.http.Problem;
import dev.patrol.validation.ClientAddress;
import dev.patrol.validation.GatewayRoutes;
import dev.patrol.validation.LastUseRecorder;
import dev.patrol.validation.OrganizationAccess;
import dev.patrol.validation.PatAuthenticationMechanism;
import dev.patrol.validation.PatValidator;
import dev.patrol.validation.PresentedCredential;
import dev.patrol.validation.Presenter;
import dev.patrol.validation.Validation;
import io.quarkus.oidc.AccessTokenCredential;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Gateway check for nginx {@code auth_request} / ingress-nginx {@code auth-url}: judges the
 * original request's Authorization header. By default only PATs pass (scope and organization
 * enforced); {@code mode=oauth-only} accepts only OIDC access tokens; {@code mode=any} accepts both. 200 with identity headers, 401 with a challenge, 403
 * {@code insufficient_scope}, 503 when the answer cannot be known (fail closed).
 */
@Path("/auth/check")
@PermitAll
@Tag(name = "gateway")
public class AuthCheckResource {

    @Inject
    PatValidator validator;

    @Inject
    PatrolConfig config;

    @Inject
    IdentityProviderManager identities;

    @Inject
    LastUseRecorder lastUse;

    @Inject
    GatewayRoutes routes;

    @Inject
    ClientAddress clientAddress;

    @Inject
    OrganizationAccess access;

    @Inject
    JwtMinter jwts;

    @Inject
    Issuer issuer;

    /** The response header that carries the JWT minted for the gateway to forward ({@code jwt=AUDIENCE}). */
    public static final String JWT_HEADER = "X-Patrol-Jwt";

    @GET
    @Operation(summary = "May the original request pass?")
    @APIResponse(
            responseCode = "200",
            description = "Yes; X-Patrol-Subject, X-Patrol-Token-Id, X-Patrol-Scopes headers")
    @APIResponse(responseCode = "400", description = "No scope named (and no route table), or an unknown scope")
    @APIResponse(responseCode = "401", description = "No usable credential")
    @APIResponse(
            responseCode = "403",
            description = "Valid PAT without the required scope or organization, or a route the table denies")
    @APIResponse(
            responseCode = "429",
            description = "Load shedding: too many lookups of tokens not in the cache are in flight for this client")
    @APIResponse(
            responseCode = "503",
            description = "Cannot judge now (fail closed): a dependency failed, or too many lookups are in flight")
    public Uni<Response> check(
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @Parameter(
                            description = "scope the PAT must grant, or any (authentication only); "
                                    + "required unless the route table judges X-Original-Method / X-Original-URI")
                    @QueryParam("scope")
                    String scope,
            @Parameter(description = "organization the PAT must be bound to") @QueryParam("org") String organization,
            @Parameter(
                            description =
                                    "absent: PATs only (scope and org enforced); oauth-only: OIDC access tokens only, "
                                            + "every PAT refused; any: either (scope and org apply to PATs only)")
                    @QueryParam("mode")
                    String mode,
            @Parameter(
                            description = "audience of a signed JWT (ES256, at+jwt) to answer in X-Patrol-Jwt for the "
                                    + "gateway to forward (one of patrol.jwt.audiences; PATs only)")
                    @QueryParam("jwt")
                    String jwtAudience,
            @HeaderParam("X-Original-Method") String originalMethod,
            RoutingContext context) {
        // The original URI comes in the one header the deployment names (patrol.gateway.uri-header).
        String uriHeader = config.gateway().uriHeader();
        var headers = context.request().headers();
        boolean otherUriHeader = GatewayRoutes.ORIGINAL_URI_HEADERS.stream()
                .anyMatch(h -> !h.equalsIgnoreCase(uriHeader) && headers.contains(h));
        if (jwtAudience == null && context.queryParams().contains("jwt")) {
            jwtAudience = ""; // jwt= with no audience: refused below, not ignored
        }
        return judge(
                authorization,
                scope,
                organization,
                mode,
                jwtAudience,
                originalMethod,
                headers.getAll(uriHeader),
                otherUriHeader,
                context);
    }

    /**
     * The check, with the original URI's values as the gateway passed them ({@code uris}) and
     * whether another original-URI header came too ({@code otherUriHeader}: then the request is denied).
     * With {@code jwtAudience}, a PAT that passes is answered with a JWT for that audience.
     */
    Uni<Response> judge(
            String authorization,
            String scope,
            String organization,
            String mode,
            String jwtAudience,
            String originalMethod,
            List<String> uris,
            boolean otherUriHeader,
            RoutingContext context) {
        boolean oauthOnly = "oauth-only".equals(mode);
        boolean any = "any".equals(mode);
        if (mode != null && !oauthOnly && !any) {
            return Uni.createFrom()
                    .item(Problem.response(400, "Bad request", "mode must be oauth-only, any, or absent"));
        }
        if (jwtAudience != null) {
            String refused = jwtRefusal(jwtAudience, mode);
            if (refused != null) {
                return Uni.createFrom().item(Problem.response(400, "Bad request", refused));
            }
        }
        // What a PAT must grant: the query names it, or the route table derives it from the original request.
        String uriHeader = config.gateway().uriHeader();
        GatewayRoutes.Requirement requirement;
        if (scope != null) {
            var stated = routes.requirementFor(scope);
            if (stated.isEmpty()) {
                return Uni.createFrom()
                        .item(Problem.response(400, "Bad request", "scope is not in Patrol's scope catalogue"));
            }
            requirement = stated.get();
        } else if (oauthOnly) {
            requirement = new GatewayRoutes.Scope(null);
        } else if ((!uris.isEmpty() || otherUriHeader) && !routes.isEmpty()) {
            requirement = routes.requirementFor(originalMethod, uriHeader, uris, otherUriHeader);
        } else {
            return Uni.createFrom()
                    .item(Problem.response(
                            400,
                            "Bad request",
                            "name the scope the original request needs (scope=code:read), or scope=any to "
                                    + "authenticate only; or configure patrol.gateway.routes and pass " + uriHeader));
        }
        if (requirement instanceof GatewayRoutes.Deny deny) {
            return Uni.createFrom().item(forbidden(deny.reason(), "insufficient_scope"));
        }
        String required = ((GatewayRoutes.Scope) requirement).scope();
        PresentedCredential credential = PresentedCredential.parse(
                authorization, config.tokens().prefix(), config.validation().maxAuthorizationLength());
        if (credential.kind() != PresentedCredential.Kind.NOT_PAT) {
            if (oauthOnly) {
                return Uni.createFrom()
                        .item(unauthorized(
                                "personal access tokens are not accepted here; use an OIDC access token",
                                "Bearer realm=\"" + config.validation().realm() + "\""));
            }
            if (credential.kind() == PresentedCredential.Kind.MALFORMED_PAT) {
                return Uni.createFrom().item(patUnauthorized());
            }
            Presenter presenter = clientAddress.presenter(context.request());
            Validation lookedUp = AuthCheckFastPath.lookedUp(context); // the fast path's, for this request
            return (lookedUp != null
                            ? Uni.createFrom().item(lookedUp)
                            : validator.validate(credential.secret(), presenter))
                    .map(v -> judgePat(v, required, organization, presenter, jwtAudience, context));
        }
        // Without a mode an OIDC token is refused: a gateway asking for a scope must not wave through
        // a credential whose scopes Patrol does not judge.
        if ((oauthOnly || any) && authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return oidc(authorization.substring(7).strip(), context);
        }
        return Uni.createFrom()
                .item(
                        oauthOnly
                                ? unauthorized(
                                        "an OIDC access token is required",
                                        "Bearer realm=\"" + config.validation().realm() + "\"")
                                : patUnauthorized());
    }

    /** Why a JWT for {@code audience} cannot be asked for here, or null. */
    private String jwtRefusal(String audience, String mode) {
        if (!jwts.enabled()) {
            return "this Patrol signs no JWTs (patrol.jwt.keys and patrol.jwt.signing-key-id are not set)";
        }
        if (mode != null) {
            return "jwt is minted for PATs only: it cannot be combined with mode";
        }
        if (!jwts.allows(audience)) {
            // Not echoed: the value is the caller's.
            return "jwt must name an audience of patrol.jwt.audiences";
        }
        return null;
    }

    private Response judgePat(
            Validation v,
            String scope,
            String organization,
            Presenter presenter,
            String jwtAudience,
            RoutingContext context) {
        if (v instanceof Validation.Unavailable u) {
            return Problem.unavailable(u, "the credential cannot be checked right now");
        }
        if (v instanceof Validation.Refused refused) {
            if (refused.refusal() == Validation.Refusal.POLICY) {
                // A real token, forbidden by a governance policy: its holder is told which one.
                return Response.fromResponse(Problem.policy(403, null, null, null, refused.detail()))
                        .header(
                                HttpHeaders.WWW_AUTHENTICATE,
                                "Bearer realm=\"" + config.validation().realm() + "\", error=\"invalid_token\"")
                        .build();
            }
            if (refused.refusal() == Validation.Refusal.NETWORK) {
                // A real token from the wrong place: the rule is named, never the networks.
                return forbidden(
                        refused.detail() == null
                                ? "the token is bound to networks that do not include the address it is used from"
                                : "the global policy lets tokens act only from networks that do not include this address",
                        "invalid_token");
            }
            return patUnauthorized();
        }
        ValidToken t = ((Validation.Valid) v).token();
        if (scope != null && !ScopeCatalogue.grants(t.scopes(), scope)) {
            // The scope is from the catalogue (checked above): safe inside the quoted challenge.
            return forbidden("the token does not grant " + scope, "insufficient_scope\", scope=\"" + scope);
        }
        if (organization != null && !t.allowsOrganization(organization)) {
            return forbidden(
                    t.cutFrom().contains(organization)
                            ? "an administrator cut the token from organization " + organization
                            : "the token is not bound to organization " + organization,
                    "insufficient_scope");
        }
        if (organization != null && access.pendingIn(t, organization)) {
            return forbidden("the token is pending approval in " + organization, "insufficient_scope");
        }
        if (organization != null && !access.fromNetworksOf(organization, presenter::clientIp)) {
            lastUse.refused(t.tokenId(), presenter.clientIp(), presenter.userAgent(), "policy-network");
            return forbidden(
                    "the policy of " + organization + " lets tokens act there only from networks that do not include "
                            + "this address",
                    "invalid_token");
        }
        lastUse.record(t.tokenId(), presenter.clientIp(), presenter.userAgent());
        Response.ResponseBuilder ok = Response.ok();
        identityHeaders(t, access.organizationsText(t), ok::header);
        if (jwtAudience != null) {
            ok.header(JWT_HEADER, jwts.jwtFor(t, jwtAudience, issuer.of(context.request())));
        }
        return ok.build();
    }

    /** What a gateway learns of a PAT that may pass (also answered by {@link AuthCheckFastPath}). */
    static void identityHeaders(ValidToken t, String organizations, BiConsumer<String, String> header) {
        header.accept("X-Patrol-Subject", t.owner());
        header.accept("X-Patrol-Token-Id", t.text().tokenId());
        header.accept("X-Patrol-Scopes", t.text().scopes());
        header.accept("X-Patrol-Organizations", organizations);
        header.accept(PatAuthenticationMechanism.EXPIRES_HEADER, t.text().expiresAt());
    }

    /** Whether a usable PAT {@code t} grants what the query asks ({@code scope}, and {@code organization} if named). */
    static boolean grants(ValidToken t, String scope, String organization, OrganizationAccess access) {
        return ScopeCatalogue.grants(t.scopes(), scope) && (organization == null || access.actsIn(t, organization));
    }

    private Uni<Response> oidc(String jwt, RoutingContext context) {
        TokenAuthenticationRequest request = new TokenAuthenticationRequest(new AccessTokenCredential(jwt));
        HttpSecurityUtils.setRoutingContextAttribute(request, context);
        return identities
                .authenticate(request)
                .map(identity -> Response.ok()
                        .header("X-Patrol-Subject", identity.getPrincipal().getName())
                        .build())
                .onFailure()
                .recoverWithItem(e -> unauthorized(
                        "the OIDC access token is not valid",
                        "Bearer realm=\"" + config.validation().realm() + "\", error=\"invalid_token\""));
    }

    private Response patUnauthorized() {
        return unauthorized(
                "the token is missing, malformed, unknown, expired or revoked",
                PatAuthenticationMechanism.challenge(config));
    }

    private static Response unauthorized(String detail, String challenge) {
        return Response.fromResponse(Problem.response(401, "Unauthorized", detail))
                .header(HttpHeaders.WWW_AUTHENTICATE, challenge)
                .build();
    }

    private Response forbidden(String detail, String error) {
        return Response.fromResponse(Problem.response(403, "Forbidden", detail))
                .header(
                        HttpHeaders.WWW_AUTHENTICATE,
                        "Bearer realm=\"" + config.validation().realm() + "\", error=\"" + error + "\"")
                .build();
    }
}
