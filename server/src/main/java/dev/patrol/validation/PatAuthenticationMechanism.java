package dev.patrol.validation;

import java.util.Set;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.patrol.config.PatrolConfig;
import dev.patrol.edge.ValidToken;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.quarkus.vertx.http.runtime.security.HttpCredentialTransport;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;

/**
 * Authenticates a PAT sent as a Basic password or as a Bearer token, side by side with OIDC: it runs
 * first and steps aside (no identity) for anything that is not a PAT, such as a JWT. Endpoints pick
 * it with {@code @HttpAuthenticationMechanism("pat")}; OAuth-only endpoints exclude it with
 * {@code @BearerTokenAuthentication}.
 */
@ApplicationScoped
@Priority(1)
public class PatAuthenticationMechanism implements HttpAuthenticationMechanism {

    public static final String SCHEME = "pat";
    public static final String EXPIRES_HEADER = "X-Patrol-Token-Expires";

    @Inject
    PatrolConfig config;

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identityProviderManager) {
        PresentedCredential credential = PresentedCredential.parse(
                context.request().getHeader(HttpHeaders.AUTHORIZATION),
                config.tokens().prefix(),
                config.validation().maxAuthorizationLength());
        if (credential.kind() == PresentedCredential.Kind.NOT_PAT) {
            return Uni.createFrom().nullItem();
        }
        PatAuthenticationRequest request = new PatAuthenticationRequest(credential.secret());
        HttpSecurityUtils.setRoutingContextAttribute(request, context);
        return identityProviderManager.authenticate(request).invoke(identity -> {
            ValidToken token = identity.getAttribute(PatIdentityProvider.TOKEN_ATTRIBUTE);
            if (token != null) {
                context.response().putHeader(EXPIRES_HEADER, token.expiresAt().toString());
            }
        });
    }

    @Override
    public Uni<ChallengeData> getChallenge(RoutingContext context) {
        return Uni.createFrom().item(new ChallengeData(401, "WWW-Authenticate", challenge(config)));
    }

    /** RFC 6750 / RFC 7617 challenge for a refused or missing PAT. */
    public static String challenge(PatrolConfig config) {
        return "Basic realm=\"" + config.validation().realm() + "\", Bearer realm=\""
                + config.validation().realm() + "\", error=\"invalid_token\"";
    }

    @Override
    public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
        return Set.of(PatAuthenticationRequest.class);
    }

    @Override
    public Uni<HttpCredentialTransport> getCredentialTransport(RoutingContext context) {
        return Uni.createFrom().item(new HttpCredentialTransport(HttpCredentialTransport.Type.AUTHORIZATION, SCHEME));
    }

    @Override
    public int getPriority() {
        return 3000; // before OIDC's bearer mechanism, which would reject a PAT as a malformed JWT
    }
}
