package dev.patrol.validation;

import java.util.LinkedHashSet;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.patrol.config.PatrolConfig;
import dev.patrol.domain.ScopeCatalogue;
import dev.patrol.edge.ValidToken;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;

/**
 * Turns a presented PAT into an identity: principal = the owner, roles = every scope the token
 * grants (implied ones included, so {@code @RolesAllowed("code:read")} accepts a code:write token),
 * attribute {@value #TOKEN_ATTRIBUTE} = the token.
 */
@ApplicationScoped
public class PatIdentityProvider implements IdentityProvider<PatAuthenticationRequest> {

    public static final String TOKEN_ATTRIBUTE = "patrol.token";

    @Inject
    PatValidator validator;

    @Inject
    PatrolConfig config;

    @Inject
    LastUseRecorder lastUse;

    @Inject
    ClientAddress clientAddress;

    @Override
    public Class<PatAuthenticationRequest> getRequestType() {
        return PatAuthenticationRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(PatAuthenticationRequest request, AuthenticationRequestContext context) {
        if (request.secret() == null) {
            return Uni.createFrom().failure(new AuthenticationFailedException("malformed credential"));
        }
        RoutingContext rc = HttpSecurityUtils.getRoutingContextAttribute(request);
        Presenter presenter = rc == null ? Presenter.UNKNOWN : clientAddress.presenter(rc.request());
        return validator.validate(request.secret(), presenter).map(v -> {
            if (v instanceof Validation.Valid valid) {
                if (rc != null) {
                    lastUse.record(valid.token().tokenId(), presenter.clientIp(), presenter.userAgent());
                }
                return identity(valid.token());
            }
            if (v instanceof Validation.Unavailable u) {
                throw new ValidationUnavailableException(u);
            }
            throw new AuthenticationFailedException("token refused: " + ((Validation.Refused) v).refusal());
        });
    }

    SecurityIdentity identity(ValidToken token) {
        return QuarkusSecurityIdentity.builder()
                .setPrincipal(new QuarkusPrincipal(token.owner()))
                .addRoles(grantedScopes(token.scopes()))
                .addAttribute(TOKEN_ATTRIBUTE, token)
                .build();
    }

    private Set<String> grantedScopes(Set<String> scopes) {
        Set<String> roles = new LinkedHashSet<>(scopes);
        for (String s : config.tokens().scopes()) {
            if (ScopeCatalogue.grants(scopes, s)) {
                roles.add(s);
            }
        }
        return roles;
    }
}
