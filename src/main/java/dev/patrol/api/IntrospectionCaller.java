package dev.patrol.api;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import dev.patrol.config.PatrolConfig;
import dev.patrol.validation.IntrospectionClients;
import io.quarkus.oidc.AccessTokenCredential;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;

/**
 * Who is calling the introspection endpoint: a registered resource server ({@code
 * client_secret_basic} or {@code client_secret_post}) or an OIDC client whose access token carries
 * the introspection role. Anything else is refused, and a PAT is never a caller here.
 */
@ApplicationScoped
public class IntrospectionCaller {

    /** An authenticated caller; {@code client} empty for an OIDC caller (sees every token). */
    public record Authenticated(Optional<IntrospectionClients.Client> client) {}

    /** Thrown (as a failure) with the response that refuses the caller. */
    public static final class Refused extends RuntimeException {
        final transient Response response;

        Refused(Response response) {
            super(null, null, false, false);
            this.response = response;
        }
    }

    @Inject
    IntrospectionClients clients;

    @Inject
    IdentityProviderManager identities;

    @Inject
    PatrolConfig config;

    public Uni<Authenticated> authenticate(
            String authorization, String formClientId, String formClientSecret, RoutingContext context) {
        if (authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            if (formClientSecret != null) {
                return refused("use one client authentication method, not two");
            }
            String[] idAndSecret = basic(authorization.substring(6).strip());
            return client(idAndSecret == null ? null : idAndSecret[0], idAndSecret == null ? null : idAndSecret[1]);
        }
        if (formClientSecret != null) {
            return authorization != null
                    ? refused("use one client authentication method, not two")
                    : client(formClientId, formClientSecret);
        }
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            TokenAuthenticationRequest request = new TokenAuthenticationRequest(
                    new AccessTokenCredential(authorization.substring(7).strip()));
            HttpSecurityUtils.setRoutingContextAttribute(request, context);
            return identities
                    .authenticate(request)
                    .onFailure()
                    .transform(e -> new Refused(unauthorized("the OIDC access token is not valid")))
                    .chain(identity -> identity.hasRole(config.validation().introspectionRole())
                            ? Uni.createFrom().item(new Authenticated(Optional.empty()))
                            : Uni.createFrom()
                                    .failure(new Refused(Problem.response(
                                            403, "Forbidden", "the caller lacks the introspection role"))));
        }
        return refused("authenticate with client credentials (Basic or client_id/client_secret) or an OIDC token");
    }

    private Uni<Authenticated> client(String id, String secret) {
        return clients.authenticate(id, secret)
                .map(c -> Uni.createFrom().item(new Authenticated(Optional.of(c))))
                .orElseGet(() -> refused("unknown client or wrong secret"));
    }

    /** RFC 6749 2.3.1: id and secret are form-urlencoded, then joined by ':' and base64-encoded. */
    private static String[] basic(String encoded) {
        try {
            String decoded = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            if (colon <= 0) {
                return null;
            }
            return new String[] {
                URLDecoder.decode(decoded.substring(0, colon), StandardCharsets.UTF_8),
                URLDecoder.decode(decoded.substring(colon + 1), StandardCharsets.UTF_8)
            };
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private Uni<Authenticated> refused(String detail) {
        return Uni.createFrom().failure(new Refused(unauthorized(detail)));
    }

    private Response unauthorized(String detail) {
        return Response.fromResponse(Problem.response(401, "Unauthorized", detail))
                .header(
                        HttpHeaders.WWW_AUTHENTICATE,
                        "Basic realm=\"" + config.validation().realm() + "\"")
                .build();
    }
}
