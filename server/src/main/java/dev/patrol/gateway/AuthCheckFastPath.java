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
import dev.patrol.validation.Validation;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * The common case of {@code GET /auth/check} answered straight from a Vert.x route, before JAX-RS:
 * a PAT that grants the {@code scope} (and {@code org}) the query names, from this instance's cache
 * or, when the cache knows nothing of it, from the one lookup {@link PatValidator#validate} makes.
 * Everything else — another parameter, a refusal, an OIDC token — goes on to
 * {@link AuthCheckResource}, which decides it as before (with this route's lookup, if it made one:
 * {@link #lookedUp}); this route only ever answers 200, with the same headers, so the two cannot
 * disagree on a refusal.
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

    /** Where the resource finds this route's lookup ({@link #lookedUp}). */
    private static final String LOOKED_UP = AuthCheckFastPath.class.getName() + ".lookedUp";

    private Counter answered;

    void route(@Observes Router router) {
        answered = registry.counter("patrol.auth.check.fast.path");
        router.get("/auth/check").order(FAST_PATH_ORDER).handler(this::handle);
    }

    private void handle(RoutingContext rc) {
        String secret = commonCase(rc);
        if (secret == null) {
            rc.next();
            return;
        }
        ValidToken t = validator.usableFromCache(secret, () -> clientAddress.of(rc.request()));
        if (t != null && passes(t, rc)) {
            answer(rc, t);
            return;
        }
        if (t != null || !validator.unknownToCache(secret)) {
            rc.next(); // the cache decides it, in the resource
            return;
        }
        // A miss: its lookup here spares the REST layer's cost on the uncached path (BENCHMARKS.md,
        // "The uncached path against its physical limit"). The request waits paused, and the rest of
        // the route runs on its own context whichever thread completed a lookup shared with others.
        Context context = Vertx.currentContext();
        rc.request().pause();
        validator
                .validate(secret, clientAddress.presenter(rc.request()))
                .subscribe()
                .with(
                        v -> onContext(context, () -> afterLookup(rc, v)),
                        e -> onContext(context, () -> afterLookup(rc, null)));
    }

    /** After this route's lookup ({@code v}; null if it failed: the resource looks up again). */
    private void afterLookup(RoutingContext rc, Validation v) {
        rc.request().resume();
        if (v instanceof Validation.Valid valid && passes(valid.token(), rc)) {
            answer(rc, valid.token());
            return;
        }
        if (v != null) {
            rc.put(LOOKED_UP, v); // the resource answers it without a second lookup
        }
        rc.next();
    }

    /** The validation this route's lookup gave for the request {@code rc}, or null when it made none. */
    static Validation lookedUp(RoutingContext rc) {
        return rc.get(LOOKED_UP);
    }

    private static void onContext(Context context, Runnable action) {
        if (context == null || Vertx.currentContext() == context) {
            action.run();
        } else {
            context.runOnContext(ignored -> action.run());
        }
    }

    private void answer(RoutingContext rc, ValidToken t) {
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

    /** The PAT's secret, if this request is the common case: one scope (and org, jwt) and a PAT. */
    private String commonCase(RoutingContext rc) {
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
        return credential.kind() == PresentedCredential.Kind.PAT ? credential.secret() : null;
    }

    /** Whether the usable PAT {@code t} grants what the query asks, from where the request comes. */
    private boolean passes(ValidToken t, RoutingContext rc) {
        String organization = rc.queryParams().get("org");
        return AuthCheckResource.grants(t, rc.queryParams().get("scope"), organization, access)
                && (organization == null || access.fromNetworksOf(organization, () -> clientAddress.of(rc.request())));
    }
}
