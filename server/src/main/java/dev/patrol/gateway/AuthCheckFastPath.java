package dev.patrol.gateway;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import dev.patrol.config.PatrolConfig;
import dev.patrol.edge.ValidToken;
import dev.patrol.validation.ClientAddress;
import dev.patrol.validation.GatewayRoutes;
import dev.patrol.validation.LastUseRecorder;
import dev.patrol.validation.OrganizationAccess;
import dev.patrol.validation.PatValidator;
import dev.patrol.validation.PresentedCredential;
import dev.patrol.validation.Presenter;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * The common case of {@code GET /auth/check} answered straight from a Vert.x route, before JAX-RS:
 * a PAT in this instance's cache that grants the {@code scope} (and {@code org}) the query names.
 * Everything else — another parameter, a miss, a refusal, an OIDC token — goes on to
 * {@link AuthCheckResource}, which decides it as before; this route only ever answers 200, with
 * the same headers, so the two cannot disagree on a refusal.
 */
public class AuthCheckFastPath {

    @Inject
    PatValidator validator;

    @Inject
    OrganizationAccess access;

    @Inject
    PatrolConfig config;

    @Inject
    GatewayRoutes routes;

    @Inject
    LastUseRecorder lastUse;

    @Inject
    ClientAddress clientAddress;

    @Inject
    MeterRegistry registry;

    @Inject
    JwtMinter jwts;

    @Inject
    Issuer issuer;

    /**
     * Ahead of Quarkus's CORS (order -300) and authentication (-200) filters and the REST layer's
     * per-request template matching for telemetry: this route proves the credential itself, and
     * running after them cost a fifth of the throughput of a cached check (BENCHMARKS.md). Headers
     * configured with {@code quarkus.http.header} (order MIN_VALUE) still apply.
     */
    static final int FAST_PATH_ORDER = -1000;

    private Counter answered;

    void route(@Observes Router router) {
        answered = registry.counter("patrol.auth.check.fast.path");
        router.get("/auth/check").order(FAST_PATH_ORDER).handler(this::handle);
    }

    private void handle(RoutingContext rc) {
        ValidToken t = passing(rc);
        if (t == null) {
            rc.next();
            return;
        }
        if (lastUse.due(t.tokenId())) {
            Presenter presenter = clientAddress.presenter(rc.request());
            lastUse.record(t.tokenId(), presenter.clientIp(), presenter.userAgent());
        }
        HttpServerResponse response = rc.response().setStatusCode(200);
        AuthCheckResource.identityHeaders(t, access.organizationsText(t), response::putHeader);
        String audience = rc.queryParams().get("jwt");
        if (audience != null) {
            response.putHeader(AuthCheckResource.JWT_HEADER, jwts.jwtFor(t, audience, issuer.of(rc.request())));
        }
        response.end();
        answered.increment();
    }

    /** The token, if this request is the common case and its PAT passes; else null. */
    private ValidToken passing(RoutingContext rc) {
        MultiMap query = rc.queryParams();
        String scope = query.get("scope");
        String organization = query.get("org");
        String audience = query.get("jwt");
        if (scope == null
                || query.size() != 1 + (organization == null ? 0 : 1) + (audience == null ? 0 : 1)
                || query.getAll("scope").size() != 1
                || (organization != null && query.getAll("org").size() != 1)
                || (audience != null && (query.getAll("jwt").size() != 1 || !jwts.enabled() || !jwts.allows(audience)))
                || !(routes.requirementFor(scope).orElse(null) instanceof GatewayRoutes.Scope)) {
            return null;
        }
        var authorization = rc.request().headers().getAll("Authorization");
        if (authorization.size() != 1) {
            return null;
        }
        PresentedCredential credential = PresentedCredential.parse(
                authorization.get(0),
                config.tokens().prefix(),
                config.validation().maxAuthorizationLength());
        if (credential.kind() != PresentedCredential.Kind.PAT) {
            return null;
        }
        ValidToken t = validator.usableFromCache(credential.secret(), () -> clientAddress.of(rc.request()));
        return t != null
                        && AuthCheckResource.grants(t, scope, organization, access)
                        && (organization == null
                                || access.fromNetworksOf(organization, () -> clientAddress.of(rc.request())))
                ? t
                : null;
    }
}
