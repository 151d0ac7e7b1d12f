package dev.patrol.ui;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.quarkus.oidc.OidcConfigurationMetadata;
import io.quarkus.oidc.OidcSession;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Sign-out, a form POST with the CSRF field: another site can make a browser GET a URL, so a GET
 * must not end a session. Ends the session here (its cookie), then sends the browser on to the
 * provider's (RP-initiated logout: its {@code end_session_endpoint}, with the ID token as hint),
 * which sends it back to {@code /ui}. Quarkus' own logout path, which answers a GET, is not configured.
 */
@Path("/ui/sign-out")
public class SignOutPage {

    @Inject
    Pages pages;

    @Inject
    OidcSession session;

    @Inject
    OidcConfigurationMetadata provider;

    @Inject
    HttpServerRequest request;

    @ConfigProperty(name = "quarkus.oidc.ui.client-id")
    String clientId;

    @ConfigProperty(name = "quarkus.oidc.ui.authentication.force-redirect-https-scheme", defaultValue = "false")
    boolean forceHttps;

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> signOut(@FormParam(Csrf.FIELD) String csrfField) {
        if (!pages.genuine(csrfField)) {
            return Uni.createFrom().item(pages.forged());
        }
        String idToken =
                session.getIdToken() == null ? null : session.getIdToken().getRawToken();
        String endSession = provider.getEndSessionUri();
        // A provider without RP-initiated logout keeps its session: the page says so by offering no link.
        String next = endSession == null
                ? ""
                : endSession + (endSession.contains("?") ? "&" : "?")
                        + "client_id=" + encoded(clientId)
                        + "&post_logout_redirect_uri=" + encoded(origin() + "/ui")
                        + (idToken == null ? "" : "&id_token_hint=" + encoded(idToken));
        // A page that moves on by itself, not a redirect: the pages' CSP (form-action 'self') makes
        // browsers refuse a form submission that redirects to another origin.
        return session.logout()
                .replaceWith(Response.ok(pages.render("signed-out", Map.of("next", next)))
                        .type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                        .build());
    }

    /**
     * This request's own origin, as Quarkus builds the sign-in redirect URI: https when the ingress
     * terminates TLS ({@code force-redirect-https-scheme}, which the chart sets).
     */
    private String origin() {
        var authority = request.authority();
        return (forceHttps ? "https" : request.scheme()) + "://" + authority.host()
                + (authority.port() < 0 ? "" : ":" + authority.port());
    }

    private static String encoded(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
