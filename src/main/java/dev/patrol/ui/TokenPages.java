package dev.patrol.ui;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import dev.patrol.api.Caller;
import dev.patrol.api.CreateTokenRequest;
import dev.patrol.api.HistoryView;
import dev.patrol.api.Problem;
import dev.patrol.api.TokenPage;
import dev.patrol.api.TokenResource;
import dev.patrol.api.TokenView;
import dev.patrol.config.PatrolConfig;
import dev.patrol.domain.ScopeCatalogue;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;

/**
 * The web pages where people manage their own tokens (docs/web-ui.md). Signed in with the OIDC
 * authorization code flow (PKCE, session cookie) on {@code /ui} only. Every page is a rendering of
 * the REST API's answer: each action calls the same {@link TokenResource} method the API serves,
 * so rules, validation and errors are the API's, shown next to the form field they name.
 */
@Path("/ui")
@Authenticated // the code flow itself is chosen for /ui by quarkus.http.auth.permission.ui
@Produces(MediaType.TEXT_HTML)
public class TokenPages {

    private static final DateTimeFormatter WHEN =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    @Inject
    TokenResource tokens;

    @Inject
    Pages pages;

    @Inject
    Caller caller;

    @Inject
    PatrolConfig config;

    @Inject
    java.time.Clock clock;

    @Inject
    HttpServerRequest request;

    @GET
    public Uni<Response> list(
            @QueryParam("state") String state,
            @QueryParam("sort") String sort,
            @QueryParam("cursor") String cursor,
            @QueryParam("done") String done,
            @CookieParam(Csrf.COOKIE) String csrf) {
        String shownState = state == null || state.isBlank() ? "active" : state;
        String shownSort = sort == null || sort.isBlank() ? "created" : sort;
        return tokens.list(shownState, shownSort, null, 20, cursor).map(r -> {
            if (!(r.getEntity() instanceof TokenPage page)) {
                return problemPage(r, csrf);
            }
            Instant now = clock.instant();
            Map<String, Object> data = new HashMap<>();
            data.put("tokens", page.items().stream().map(t -> Row.of(t, now)).toList());
            data.put("state", shownState);
            data.put("sort", shownSort);
            data.put("next", page.nextCursor() == null ? "" : page.nextCursor());
            data.put("done", "revoked".equals(done) ? "The token was revoked." : "");
            return page("tokens", data, csrf);
        });
    }

    @GET
    @Path("tokens/new")
    public Response newToken(@CookieParam(Csrf.COOKIE) String csrf) {
        return page("new", form(new Form("", Set.of(), false, "30", "", Set.of(), false), Map.of()), csrf);
    }

    @POST
    @Path("tokens")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> create(
            @FormParam(Csrf.FIELD) String csrfField,
            @CookieParam(Csrf.COOKIE) String csrf,
            @FormParam("name") String name,
            @FormParam("organization") List<String> organizations,
            @FormParam("allOrganizations") String allOrganizations,
            @FormParam("expiry") String expiry,
            @FormParam("expiresOn") String expiresOn,
            @FormParam("scope") List<String> scopes,
            @FormParam("fullAccess") String fullAccess) {
        if (!Csrf.matches(csrf, csrfField)) {
            return Uni.createFrom().item(forbidden());
        }
        Form form = new Form(
                name == null ? "" : name.strip(),
                organizations == null ? Set.of() : new LinkedHashSet<>(organizations),
                allOrganizations != null,
                expiry == null ? "30" : expiry,
                expiresOn == null ? "" : expiresOn,
                scopes == null ? Set.of() : new LinkedHashSet<>(scopes),
                fullAccess != null);
        Set<String> chosen = new LinkedHashSet<>(form.scopes());
        if (form.fullAccess()) {
            chosen.add(ScopeCatalogue.FULL_ACCESS);
        }
        Integer lifetimeDays = null;
        Instant expiresAt = null;
        if (form.expiry().equals("custom")) {
            try {
                expiresAt = LocalDate.parse(form.expiresOn()).atTime(23, 59, 59).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException e) {
                return Uni.createFrom().item(page("new", form(form, Map.of("expiry", "Choose a date.")), csrf, 422));
            }
        } else {
            try {
                lifetimeDays = Integer.valueOf(form.expiry());
            } catch (NumberFormatException e) {
                return Uni.createFrom().item(page("new", form(form, Map.of("expiry", "Choose an expiry.")), csrf, 422));
            }
        }
        var body = new CreateTokenRequest(
                form.name(),
                chosen,
                form.allOrganizations() ? null : form.organizations(),
                form.allOrganizations() ? Boolean.TRUE : null,
                expiresAt,
                lifetimeDays);
        return tokens.create(body).map(r -> {
            if (r.getEntity() instanceof TokenView created) {
                Map<String, Object> data = new HashMap<>();
                data.put("token", Row.of(created, clock.instant()));
                data.put("secret", created.token());
                data.put("action", "created");
                return page("secret", data, csrf);
            }
            if (r.getEntity() instanceof Problem p && p.field() != null) {
                return page("new", form(form, Map.of(fieldOf(p.field()), p.detail())), csrf, r.getStatus());
            }
            return problemPage(r, csrf);
        });
    }

    @GET
    @Path("tokens/{id}")
    public Uni<Response> token(@PathParam("id") String id, @CookieParam(Csrf.COOKIE) String csrf) {
        return tokens.get(id).chain(r -> {
            if (!(r.getEntity() instanceof TokenView t)) {
                return Uni.createFrom().item(problemPage(r, csrf));
            }
            return tokens.history(id).map(h -> {
                Map<String, Object> data = new HashMap<>();
                data.put("token", Row.of(t, clock.instant()));
                List<Event> events = new ArrayList<>();
                if (h.getEntity() instanceof List<?> entries) {
                    for (Object e : entries) {
                        events.add(Event.of((HistoryView) e));
                    }
                }
                data.put("history", events);
                return page("token", data, csrf);
            });
        });
    }

    @GET
    @Path("tokens/{id}/revoke")
    public Uni<Response> confirmRevoke(@PathParam("id") String id, @CookieParam(Csrf.COOKIE) String csrf) {
        return tokens.get(id)
                .map(r -> r.getEntity() instanceof TokenView t
                        ? page("revoke", Map.of("token", Row.of(t, clock.instant())), csrf)
                        : problemPage(r, csrf));
    }

    @POST
    @Path("tokens/{id}/revoke")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> revoke(
            @PathParam("id") String id,
            @FormParam(Csrf.FIELD) String csrfField,
            @CookieParam(Csrf.COOKIE) String csrf) {
        if (!Csrf.matches(csrf, csrfField)) {
            return Uni.createFrom().item(forbidden());
        }
        return tokens.revoke(id)
                .map(r -> r.getStatus() == 204
                        ? Response.seeOther(java.net.URI.create("/ui?done=revoked"))
                                .build()
                        : problemPage(r, csrf));
    }

    /** The new-token form's data: what was entered, the choices, and errors by field. */
    private Map<String, Object> form(Form form, Map<String, String> errors) {
        Map<String, Object> data = new HashMap<>();
        data.put("form", form);
        data.put("errors", Errors.of(errors));
        data.put(
                "organizations",
                new java.util.TreeSet<>(caller.organizations())
                        .stream()
                                .map(o -> new Org(o, form.organizations().contains(o)))
                                .toList());
        Map<String, List<Scope>> areas = new TreeMap<>();
        for (String scope : config.tokens().scopes()) {
            if (scope.equals(ScopeCatalogue.FULL_ACCESS)) {
                continue;
            }
            int colon = scope.lastIndexOf(':');
            String area = colon < 0 ? scope : scope.substring(0, colon);
            areas.computeIfAbsent(area, a -> new ArrayList<>())
                    .add(new Scope(
                            scope,
                            colon < 0 ? scope : scope.substring(colon + 1),
                            ScopeCatalogue.describe(scope),
                            form.scopes().contains(scope)));
        }
        data.put(
                "areas",
                areas.entrySet().stream()
                        .map(e -> new Area(e.getKey(), e.getValue()))
                        .toList());
        data.put("fullAccessDescription", ScopeCatalogue.describe(ScopeCatalogue.FULL_ACCESS));
        return data;
    }

    private static String fieldOf(String apiField) {
        return switch (apiField) {
            case "expiresAt", "lifetimeDays" -> "expiry";
            case "organizations", "allOrganizations" -> "organizations";
            default -> apiField;
        };
    }

    private Response page(String name, Map<String, Object> data, String csrf) {
        return page(name, data, csrf, 200);
    }

    private Response page(String name, Map<String, Object> data, String csrf, int status) {
        String token = Csrf.valueFor(csrf);
        Map<String, Object> all = new LinkedHashMap<>(data);
        all.put("csrf", token);
        all.put("user", caller.subject());
        return Response.status(status)
                .entity(pages.render(name, all))
                .type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                .cookie(Csrf.cookie(token, request.isSSL() || "https".equals(request.getHeader("X-Forwarded-Proto"))))
                .build();
    }

    /** An API refusal (404, 409, 503...) as a page saying what the API said. */
    private Response problemPage(Response r, String csrf) {
        String detail = r.getEntity() instanceof Problem p ? p.title() + ": " + p.detail() : "Something went wrong.";
        return page("problem", Map.of("detail", detail), csrf, r.getStatus());
    }

    private Response forbidden() {
        return page(
                "problem",
                Map.of("detail", "This form has expired. Go back, reload the page and try again."),
                null,
                403);
    }

    /** What the new-token form holds. */
    public record Form(
            String name,
            Set<String> organizations,
            boolean allOrganizations,
            String expiry,
            String expiresOn,
            Set<String> scopes,
            boolean fullAccess) {}

    public record Org(String name, boolean checked) {}

    /** Errors by form field (empty: none); {@code other} is shown above the form. */
    public record Errors(String name, String organizations, String expiry, String scopes, String other) {
        static Errors of(Map<String, String> byField) {
            Map<String, String> rest = new HashMap<>(byField);
            String name = rest.remove("name");
            String organizations = rest.remove("organizations");
            String expiry = rest.remove("expiry");
            String scopes = rest.remove("scopes");
            return new Errors(
                    name == null ? "" : name,
                    organizations == null ? "" : organizations,
                    expiry == null ? "" : expiry,
                    scopes == null ? "" : scopes,
                    String.join(" ", rest.values()));
        }
    }

    public record Scope(String value, String level, String description, boolean checked) {}

    public record Area(String name, List<Scope> scopes) {}

    /** A token as the pages show it. */
    public record Row(
            String id,
            String name,
            String organizations,
            String scopes,
            String state,
            String expires,
            String expiresIn,
            boolean soon,
            String lastUsed,
            String hint,
            String created) {

        static Row of(TokenView t, Instant now) {
            Duration left = Duration.between(now, t.expiresAt());
            String in;
            if (!"active".equalsIgnoreCase(t.state())) {
                in = "";
            } else if (left.toHours() >= 24) {
                long days = (left.toMinutes() + 24 * 60 - 1) / (24 * 60); // a 7-day token says 7, not 6
                in = "expires in " + days + " days";
            } else {
                in = "expires in " + Math.max(1, left.toHours()) + (left.toHours() <= 1 ? " hour" : " hours");
            }
            String used = t.lastUsedAt() == null
                    ? "never"
                    : WHEN.format(t.lastUsedAt()) + (t.lastUsedIp() == null ? "" : " from " + t.lastUsedIp());
            return new Row(
                    t.id().toString(),
                    t.name(),
                    t.allOrganizations() ? "all accessible" : String.join(", ", t.organizations()),
                    String.join(", ", t.scopes()),
                    t.state().toLowerCase(java.util.Locale.ROOT),
                    WHEN.format(t.expiresAt()),
                    in,
                    "active".equalsIgnoreCase(t.state()) && left.compareTo(Duration.ofDays(7)) <= 0,
                    used,
                    t.displayHint(),
                    WHEN.format(t.createdAt()));
        }
    }

    /** One entry of a token's history. */
    public record Event(String when, String what, String who) {
        static Event of(HistoryView h) {
            String what = h.type().replaceFirst("^patrol\\.token\\.", "").replaceFirst("\\.v\\d+$", "");
            Object actor = h.data().get("actor");
            String from = actor instanceof Map<?, ?> a && a.get("clientIp") != null ? " from " + a.get("clientIp") : "";
            return new Event(
                    WHEN.format(h.occurredAt()),
                    what,
                    h.actorKind().toLowerCase(java.util.Locale.ROOT) + " " + h.actorId() + from);
        }
    }
}
