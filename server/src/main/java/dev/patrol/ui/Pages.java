package dev.patrol.ui;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import dev.patrol.config.PatrolConfig;
import dev.patrol.service.Caller;
import dev.patrol.service.Outcome;
import dev.patrol.service.Refusal;
import io.quarkus.qute.Engine;
import io.quarkus.qute.HtmlEscaper;
import io.quarkus.qute.ReflectionValueResolver;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.qute.TemplateLocator;
import io.quarkus.qute.Variant;
import io.vertx.core.http.HttpServerRequest;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The Qute templates of the web pages ({@code src/main/resources/ui/*.html}), parsed once. Qute is
 * used as a library rather than as the Quarkus extension: the extension's dev-mode companion is not
 * published where Patrol is built, and plain rendering needs none of its build-time checks. Every
 * value is HTML-escaped unless a template says {@code raw}.
 */
@ApplicationScoped
@io.quarkus.runtime.Startup // parse the templates at start, not on the first request
public class Pages {

    private final Engine engine = Engine.builder()
            .addDefaults()
            .addValueResolver(new ReflectionValueResolver())
            .addResultMapper(new HtmlEscaper(List.of(Variant.TEXT_HTML)))
            .addLocator(Pages::locate)
            .strictRendering(true)
            .build();

    /** Every template, parsed at start (not on a request's event-loop thread, which must not read files). */
    static final List<String> TEMPLATES = List.of(
            "layout",
            "name-field",
            "orgs-field",
            "scopes-field",
            "tokens",
            "new",
            "secret",
            "token",
            "edit",
            "revoke",
            "regenerate",
            "problem",
            "admin-tokens",
            "admin-done",
            "admin-audit",
            "admin-leaks",
            "admin-policy",
            "admin-nav",
            "signed-out");

    Pages() {
        for (String name : TEMPLATES) {
            if (engine.getTemplate(name) == null) {
                throw new IllegalStateException("no template ui/" + name + ".html");
            }
        }
    }

    @Inject
    Caller caller;

    @Inject
    HttpServerRequest request;

    @Inject
    PatrolConfig config;

    /** The key of the CSRF fields: the UI tenant's state secret, which every instance shares. */
    @ConfigProperty(name = "quarkus.oidc.ui.authentication.state-secret")
    Optional<String> stateSecret;

    /**
     * The page {@code name} as a response: with the signed-in person, whether they administer, and the
     * CSRF field for its forms (for the request's cookie when it has one, else for a new one it sets).
     */
    public Response respond(String name, Map<String, Object> data, int status) {
        boolean secure = config.ui().secureCookies();
        String cookie = Csrf.valueFor(csrfCookie());
        Map<String, Object> all = new HashMap<>(data);
        all.put("csrf", Csrf.field(csrfKey(), cookie, caller.subject()));
        all.put("user", caller.subject());
        all.put("admin", caller.isAdmin());
        java.util.Set<String> governs = caller.administeredOrganizations();
        all.put("auditor", caller.isAdmin() || !governs.isEmpty());
        all.put("governs", governs); // organization administrators: their organizations' pages
        all.put("firstGoverned", governs.isEmpty() ? "" : governs.iterator().next());
        return Response.status(status)
                .entity(render(name, all))
                .type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                .cookie(Csrf.cookie(cookie, secure))
                .build();
    }

    /** Whether a form's CSRF field was issued for this request's cookie and the person signed in. */
    public boolean genuine(String csrfField) {
        return Csrf.matches(csrfKey(), csrfCookie(), caller.subject(), csrfField);
    }

    private String csrfCookie() {
        var cookie = request.getCookie(Csrf.cookieName(config.ui().secureCookies()));
        return cookie == null ? null : cookie.getValue();
    }

    private byte[] csrfKey() {
        return stateSecret
                .orElseThrow(() -> new IllegalStateException("the web pages need a state secret"))
                .getBytes(StandardCharsets.UTF_8);
    }

    /** A refusal (404, 409, 503...) as a page saying what the API says, with the API's status. */
    public Response problem(Refusal r) {
        return respond("problem", Map.of("detail", r.kind().title + ": " + r.detail()), r.kind().status);
    }

    /** The refusal of a service's answer; a done one is a caller's mistake. */
    public Response problem(Outcome<?> refused) {
        return problem(((Outcome.Refused<?>) refused).refusal());
    }

    /** What {@code done} renders of a service's answer, or the page of its refusal. */
    public <T> Response show(Outcome<T> outcome, Function<T, Response> done) {
        return switch (outcome) {
            case Outcome.Done<T> d -> done.apply(d.value());
            case Outcome.Refused<T> r -> problem(r.refusal());
        };
    }

    /** The answer to a form whose CSRF field does not match its cookie and person. */
    public Response forged() {
        return respond(
                "problem", Map.of("detail", "This form has expired. Go back, reload the page and try again."), 403);
    }

    /** What a redirect's {@code ?done=} says happened (only these words; anything else says nothing). */
    static String done(String key) {
        return key == null ? "" : DONE.getOrDefault(key, "");
    }

    private static final Map<String, String> DONE = Map.of(
            "revoked", "The token was revoked.",
            "cut", "The token was cut from the organization; it keeps its others.",
            "approved", "The token was approved: it acts in the organization from now on.",
            "saved", "Saved.",
            "created-before",
                    "This form was submitted before: the token below is the one it created, and its secret was "
                            + "shown then. Regenerate it if you did not keep the secret.");

    /** {@code name}.html with {@code data}. */
    public String render(String name, Map<String, Object> data) {
        Template template = engine.getTemplate(name);
        if (template == null) {
            throw new IllegalStateException("no template " + name);
        }
        TemplateInstance page = template.instance();
        data.forEach(page::data);
        return page.render();
    }

    private static Optional<TemplateLocator.TemplateLocation> locate(String id) {
        String path = "ui/" + (id.endsWith(".html") ? id : id + ".html");
        String text;
        try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                return Optional.empty();
            }
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Optional.of(new TemplateLocator.TemplateLocation() {
            @Override
            public Reader read() {
                return new StringReader(text);
            }

            @Override
            public Optional<Variant> getVariant() {
                return Optional.of(Variant.forContentType(Variant.TEXT_HTML));
            }
        });
    }
}
