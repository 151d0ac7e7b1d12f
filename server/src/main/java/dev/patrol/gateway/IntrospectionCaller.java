package dev.patrol.gateway;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.patrol.config.PatrolConfig;
import dev.patrol.domain.TokenSecrets;
import dev.patrol.http.Problem;
import dev.patrol.http.ProblemMappers;
import dev.patrol.identity.AccessWithdrawnException;
import dev.patrol.repository.CommitNotices;
import dev.patrol.repository.OwnerOrganizations;
import dev.patrol.validation.IntrospectionClients;
import io.quarkus.oidc.AccessTokenCredential;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Who is calling the introspection endpoint: a registered resource server ({@code
 * client_secret_basic} or {@code client_secret_post}) or an OIDC client whose access token carries
 * the introspection role. Anything else is refused, and a PAT is never a caller here.
 *
 * <p>A resource server introspects on every request it serves, with the same access token for its
 * lifetime; verifying that token's signature each time cost more than the introspection itself. So a
 * verified OIDC caller with the role is remembered (by the SHA-256 of its token, never the token) until
 * its {@code exp}, and never longer than {@link #VERIFIED_AT_MOST} (a key the provider withdrew stops
 * being trusted within that), in a bounded cache, forgotten whenever an identity event is applied
 * (a disabled caller is refused at once). Refusals are not remembered.
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

    private static final Authenticated OIDC_CALLER = new Authenticated(Optional.empty());

    /** The longest a verified OIDC caller is trusted without verifying its token again. */
    static final Duration VERIFIED_AT_MOST = Duration.ofMinutes(5);

    /** Callers verified recently: SHA-256 of the access token to the instant that trust ends. */
    private final Cache<String, Instant> verified =
            Caffeine.newBuilder().maximumSize(10_000).build();

    @Inject
    IntrospectionClients clients;

    @Inject
    Clock clock;

    @Inject
    IdentityProviderManager identities;

    @Inject
    PatrolConfig config;

    @Inject
    CommitNotices notices;

    void onStart(@Observes StartupEvent event) {
        // A verified caller whom the identity provider disabled is verified again (and refused) at once,
        // not after VERIFIED_AT_MOST. Identity changes are rare: forgetting everyone costs one check each.
        notices.listen(OwnerOrganizations.CHANGE_CHANNEL, subject -> verified.invalidateAll());
    }

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
            String accessToken = authorization.substring(7).strip();
            String key = TokenSecrets.hash(accessToken);
            if (verified(key)) {
                return Uni.createFrom().item(OIDC_CALLER);
            }
            TokenAuthenticationRequest request = new TokenAuthenticationRequest(new AccessTokenCredential(accessToken));
            HttpSecurityUtils.setRoutingContextAttribute(request, context);
            return identities
                    .authenticate(request)
                    .onFailure(AccessWithdrawnException.class)
                    .transform(e -> new Refused(Problem.response(403, "Forbidden", e.getMessage())))
                    // The database behind that judgement failing is not the token's fault: it goes on as a 503.
                    .onFailure(e -> !(e instanceof Refused) && !ProblemMappers.dependencyFailure(e))
                    .transform(e -> new Refused(unauthorized("the OIDC access token is not valid")))
                    .chain(identity -> {
                        if (!identity.hasRole(config.validation().introspectionRole())) {
                            return Uni.createFrom()
                                    .failure(new Refused(Problem.response(
                                            403, "Forbidden", "the caller lacks the introspection role")));
                        }
                        if (identity.getPrincipal() instanceof JsonWebToken jwt && jwt.getExpirationTime() > 0) {
                            Instant until = Instant.ofEpochSecond(jwt.getExpirationTime());
                            Instant cap = clock.instant().plus(VERIFIED_AT_MOST);
                            verified.put(key, until.isBefore(cap) ? until : cap);
                        }
                        return Uni.createFrom().item(OIDC_CALLER);
                    });
        }
        return refused("authenticate with client credentials (Basic or client_id/client_secret) or an OIDC token");
    }

    /**
     * The caller, if its {@code Authorization} header alone proves it without any I/O: a registered
     * client's Basic credentials, or an OIDC access token verified recently. Empty means "ask {@link
     * #authenticate}", not "refused".
     */
    public Optional<Authenticated> known(String authorization) {
        if (authorization == null) {
            return Optional.empty();
        }
        if (authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            String[] idAndSecret = basic(authorization.substring(6).strip());
            return idAndSecret == null
                    ? Optional.empty()
                    : clients.authenticate(idAndSecret[0], idAndSecret[1]).map(c -> new Authenticated(Optional.of(c)));
        }
        if (authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                && verified(TokenSecrets.hash(authorization.substring(7).strip()))) {
            return Optional.of(OIDC_CALLER);
        }
        return Optional.empty();
    }

    private boolean verified(String key) {
        Instant until = verified.getIfPresent(key);
        if (until == null) {
            return false;
        }
        if (!clock.instant().isBefore(until)) {
            verified.invalidate(key);
            return false;
        }
        return true;
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
