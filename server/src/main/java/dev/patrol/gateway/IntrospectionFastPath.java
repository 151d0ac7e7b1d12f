package dev.patrol.gateway;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import dev.patrol.edge.ValidToken;
import dev.patrol.validation.ClientAddress;
import dev.patrol.validation.LastUseRecorder;
import dev.patrol.validation.OrganizationAccess;
import dev.patrol.validation.PatValidator;
import dev.patrol.validation.Presenter;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.Json;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * The common case of {@code POST /oauth2/introspect} answered from a Vert.x route, before JAX-RS:
 * a caller its {@code Authorization} header alone proves (a registered client's Basic credentials,
 * or an OIDC token verified recently) asks about a PAT in this instance's cache that it may see.
 * The body is read only once the caller is known, and into the request's form attributes, so that
 * whatever this route does not answer — another form field, a miss, an inactive token — goes on to
 * {@link OAuth2Resource} with the same form, and is decided there as before. This route answers
 * only {@code "active": true}, with the resource's own body ({@link OAuth2Resource#active}).
 */
public class IntrospectionFastPath {

    /** Larger bodies are not the common case (a token is ~60 bytes); the resource and its limits decide them. */
    static final int MAX_BODY_BYTES = 4096;

    private static final String FORM = "application/x-www-form-urlencoded";

    /** As JAX-RS writes it for the resource's answers. */
    private static final String JSON = "application/json;charset=UTF-8";

    @Inject
    PatValidator validator;

    @Inject
    OrganizationAccess access;

    @Inject
    Issuer issuer;

    @Inject
    IntrospectionCaller callers;

    @Inject
    LastUseRecorder lastUse;

    @Inject
    ClientAddress clientAddress;

    @Inject
    MeterRegistry registry;

    private Counter answered;

    void route(@Observes Router router) {
        answered = registry.counter("patrol.introspection.fast.path");
        router.post("/oauth2/introspect")
                .order(AuthCheckFastPath.FAST_PATH_ORDER)
                .handler(this::handle);
    }

    private void handle(RoutingContext rc) {
        HttpServerRequest request = rc.request();
        String type = request.getHeader(HttpHeaders.CONTENT_TYPE);
        String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        List<String> authorization = request.headers().getAll(HttpHeaders.AUTHORIZATION);
        Optional<IntrospectionCaller.Authenticated> caller;
        if (type == null
                || !type.regionMatches(true, 0, FORM, 0, FORM.length())
                || !smallBody(length)
                || authorization.size() != 1
                // The client waits for a 100 Continue before it sends the body: the resource's to answer.
                || request.headers().contains(HttpHeaders.EXPECT)
                // A signed answer (RFC 9701) is the resource's to give.
                || accepts(request, JwtMinter.INTROSPECTION_TYPE)
                || (caller = callers.known(authorization.get(0))).isEmpty()) {
            rc.next();
            return;
        }
        // Form attributes, not the raw body: JAX-RS takes an already parsed form as its own.
        request.setExpectMultipart(true);
        request.end().onComplete(done -> {
            if (rc.response().ended()) {
                return;
            }
            MultiMap form = request.formAttributes();
            if (done.failed() || form.isEmpty()) {
                // JAX-RS would wait for the body again, which is gone: an empty or unreadable form (a
                // field over the HTTP layer's limit) is answered here, as the resource answers an empty one.
                OAuth2Resource.noStore(rc.response().setStatusCode(400)::putHeader);
                rc.response().putHeader(HttpHeaders.CONTENT_TYPE, JSON).end("{\"error\":\"invalid_request\"}");
                return;
            }
            ValidToken t = active(form, caller.get());
            if (t == null) {
                rc.next();
                return;
            }
            Presenter presenter = clientAddress.presenter(request);
            lastUse.record(t.tokenId(), presenter.clientIp(), presenter.userAgent());
            Set<String> scopes =
                    caller.get().client().map(c -> c.visibleScopes(t)).orElse(t.scopes());
            OAuth2Resource.noStore(rc.response().setStatusCode(200)::putHeader);
            rc.response()
                    .putHeader(HttpHeaders.CONTENT_TYPE, JSON)
                    .end(Json.encode(OAuth2Resource.active(t, scopes, access.organizations(t), issuer.of(request))));
            answered.increment();
        });
        // Quarkus may have paused the request until a handler wants its body.
        request.resume();
    }

    private static boolean accepts(HttpServerRequest request, String type) {
        for (String accept : request.headers().getAll(HttpHeaders.ACCEPT)) {
            if (accept.contains(type)) {
                return true;
            }
        }
        return false;
    }

    private static boolean smallBody(String length) {
        if (length == null || length.isEmpty() || length.length() > 4) {
            return false;
        }
        for (int i = 0; i < length.length(); i++) {
            if (length.charAt(i) < '0' || length.charAt(i) > '9') {
                return false;
            }
        }
        return Integer.parseInt(length) <= MAX_BODY_BYTES;
    }

    /** The token, if the form is exactly {@code token=<a PAT>} that memory alone says is active and visible. */
    private ValidToken active(MultiMap form, IntrospectionCaller.Authenticated caller) {
        // Form field names are case-sensitive to JAX-RS, not to Vert.x's MultiMap.
        if (form.size() != 1) {
            return null;
        }
        var field = form.iterator().next();
        if (!field.getKey().equals("token")
                || form.getAll("token").size() != 1
                || field.getValue().isBlank()) {
            return null;
        }
        // A token bound to networks is judged by the resource, with the address the caller reports.
        ValidToken t = validator.usableFromCache(field.getValue().strip(), () -> null);
        // No reported address here: an organization whose policy names networks sends the call on.
        return t != null
                        && caller.client()
                                .map(c -> c.sees(t, o -> access.actsIn(t, o) && access.fromNetworksOf(o, () -> null)))
                                .orElse(true)
                ? t
                : null;
    }
}
