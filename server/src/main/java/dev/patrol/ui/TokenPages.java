package dev.patrol.ui;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import dev.patrol.config.PatrolConfig;
import dev.patrol.domain.ScopeCatalogue;
import dev.patrol.service.Caller;
import dev.patrol.service.CreateTokenRequest;
import dev.patrol.service.HistoryView;
import dev.patrol.service.Outcome;
import dev.patrol.service.Refusal;
import dev.patrol.service.RefusedUseView;
import dev.patrol.service.RegenerateTokenRequest;
import dev.patrol.service.TokenService;
import dev.patrol.service.TokenView;
import dev.patrol.service.UpdateTokenRequest;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;

/**
 * The web pages where people manage their own tokens (docs/web-ui.md). Signed in with the OIDC
 * authorization code flow (PKCE, session cookie) on {@code /ui} only. Every page is a rendering of
 * the same {@link TokenService} answer the REST API serves, so rules, validation and errors are the
 * API's, shown next to the form field they name.
 */
@Path("/ui")
@Authenticated // the code flow itself is chosen for /ui by quarkus.http.auth.permission.ui
@Produces(MediaType.TEXT_HTML)
public class TokenPages {

    static final DateTimeFormatter WHEN =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    @Inject
    TokenService tokens;

    @Inject
    Pages pages;

    @Inject
    Caller caller;

    @Inject
    PatrolConfig config;

    @Inject
    java.time.Clock clock;

    @GET
    public Uni<Response> list(
            @QueryParam("state") String state,
            @QueryParam("sort") String sort,
            @QueryParam("cursor") String cursor,
            @QueryParam("done") String done) {
        String shownState = state == null || state.isBlank() ? "active" : state;
        String shownSort = sort == null || sort.isBlank() ? "created" : sort;
        return tokens.list(shownState, shownSort, null, 20, cursor)
                .map(o -> pages.show(o, page -> {
                    Instant now = clock.instant();
                    Map<String, Object> data = new HashMap<>();
                    data.put(
                            "tokens",
                            page.items().stream().map(t -> Row.of(t, now)).toList());
                    data.put("state", shownState);
                    data.put("sort", shownSort);
                    data.put("next", page.nextCursor() == null ? "" : page.nextCursor());
                    data.put("done", Pages.done(done));
                    return pages.respond("tokens", data, 200);
                }));
    }

    @GET
    @Path("tokens/new")
    public Response newToken() {
        Form blank = new Form("", Set.of(), false, "30", "", Set.of(), false, true, "", "");
        return page("new", blank, Map.of(), Map.of("nonce", UUID.randomUUID().toString()), 200);
    }

    @POST
    @Path("tokens")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> create(
            @FormParam(Csrf.FIELD) String csrfField,
            @FormParam("name") String name,
            @FormParam("organization") List<String> organizations,
            @FormParam("allOrganizations") String allOrganizations,
            @FormParam("expiry") String expiry,
            @FormParam("expiresOn") String expiresOn,
            @FormParam("scope") List<String> scopes,
            @FormParam("fullAccess") String fullAccess,
            @FormParam("networks") String networks,
            @FormParam("justification") String justification,
            @FormParam("nonce") String nonce) {
        if (!pages.genuine(csrfField)) {
            return Uni.createFrom().item(pages.forged());
        }
        UUID id = uuid(nonce);
        if (id == null) { // every new-token page sends one
            return Uni.createFrom().item(pages.forged());
        }
        Map<String, Object> again = Map.of("nonce", id.toString()); // a corrected form still creates once
        Form form = Form.of(
                name,
                organizations,
                allOrganizations,
                expiry,
                expiresOn,
                scopes,
                fullAccess,
                "true",
                networks,
                justification);
        Integer lifetimeDays = null;
        Instant expiresAt = null;
        try {
            if (form.expiry().equals("custom")) {
                expiresAt = endOf(form.expiresOn());
            } else {
                lifetimeDays = Integer.valueOf(form.expiry());
            }
        } catch (DateTimeParseException | NumberFormatException e) {
            return Uni.createFrom().item(page("new", form, Map.of("expiry", "Choose an expiry."), again, 422));
        }
        var body = new CreateTokenRequest(
                form.name(),
                form.chosenScopes(),
                form.allOrganizations() ? null : form.organizations(),
                form.allOrganizations() ? Boolean.TRUE : null,
                expiresAt,
                lifetimeDays,
                form.chosenNetworks().isEmpty() ? null : form.chosenNetworks(),
                form.justification().isEmpty() ? null : form.justification());
        return tokens.create(body, id).chain(o -> switch (o) {
            case Outcome.Done<TokenView> created -> Uni.createFrom().item(secretPage(created.value(), "created"));
            case Outcome.Refused<TokenView> r
            when r.refusal().kind() == Refusal.Kind.CONFLICT ->
                // Submitted again: the token exists (its secret was shown once). Show it, if it is theirs.
                tokens.get(id.toString())
                        .map(mine -> mine.orNull() != null
                                ? back(id.toString(), "created-before")
                                : pages.problem(r.refusal()));
            case Outcome.Refused<TokenView> r -> Uni.createFrom().item(refused("new", form, r.refusal(), again));
        });
    }

    private static UUID uuid(String s) {
        try {
            return s == null ? null : UUID.fromString(s.strip());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    @GET
    @Path("tokens/{id}")
    public Uni<Response> token(@PathParam("id") String id, @QueryParam("done") String done) {
        return tokens.get(id).chain(o -> {
            if (!(o instanceof Outcome.Done<TokenView> found)) {
                return Uni.createFrom().item(pages.problem(o));
            }
            TokenView t = found.value();
            return Uni.combine()
                    .all()
                    .unis(tokens.history(id), tokens.refusals(id))
                    .asTuple()
                    .map(both -> {
                        Map<String, Object> data = new HashMap<>();
                        data.put("token", Row.of(t, clock.instant()));
                        data.put("pendingIn", t.pendingIn() == null ? "" : String.join(", ", t.pendingIn()));
                        data.put("justification", t.justification() == null ? "" : t.justification());
                        List<HistoryView> entries = both.getItem1().orNull();
                        data.put(
                                "history",
                                entries == null
                                        ? List.of()
                                        : entries.stream().map(Event::of).toList());
                        List<RefusedUseView> refusals = both.getItem2().orNull();
                        data.put(
                                "refusals",
                                refusals == null
                                        ? List.of()
                                        : refusals.stream().map(RefusedUse::of).toList());
                        data.put("done", Pages.done(done));
                        return pages.respond("token", data, 200);
                    });
        });
    }

    @GET
    @Path("tokens/{id}/edit")
    public Uni<Response> edit(@PathParam("id") String id) {
        return tokens.get(id)
                .map(o -> pages.show(o, t -> {
                    Map<String, Object> data = form(Form.of(t), Map.of());
                    data.put("token", Row.of(t, clock.instant()));
                    return pages.respond("edit", data, 200);
                }));
    }

    /** Sends the API only what changed (a PATCH), so that an unchanged field makes no event. */
    @POST
    @Path("tokens/{id}/edit")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> save(
            @PathParam("id") String id,
            @FormParam(Csrf.FIELD) String csrfField,
            @FormParam("name") String name,
            @FormParam("organization") List<String> organizations,
            @FormParam("allOrganizations") String allOrganizations,
            @FormParam("expiresOn") String expiresOn,
            @FormParam("scope") List<String> scopes,
            @FormParam("fullAccess") String fullAccess,
            @FormParam("expiryEmails") String expiryEmails,
            @FormParam("networks") String networks,
            @FormParam("justification") String justification) {
        if (!pages.genuine(csrfField)) {
            return Uni.createFrom().item(pages.forged());
        }
        Form form = Form.of(
                name,
                organizations,
                allOrganizations,
                "custom",
                expiresOn,
                scopes,
                fullAccess,
                expiryEmails,
                networks,
                justification);
        return tokens.get(id).chain(o -> {
            if (!(o instanceof Outcome.Done<TokenView> found)) {
                return Uni.createFrom().item(pages.problem(o));
            }
            TokenView t = found.value();
            Map<String, Object> extra = Map.of("token", Row.of(t, clock.instant()));
            Instant expiresAt;
            try {
                expiresAt = form.expiresOn().equals(Form.of(t).expiresOn()) ? null : endOf(form.expiresOn());
            } catch (DateTimeParseException e) {
                return Uni.createFrom().item(page("edit", form, Map.of("expiry", "Choose a date."), extra, 422));
            }
            boolean orgsChanged = form.allOrganizations() != t.allOrganizations()
                    || (!form.allOrganizations()
                            && !form.organizations().equals(new LinkedHashSet<>(t.organizations())));
            var body = new UpdateTokenRequest(
                    form.name().equals(t.name()) ? null : form.name(),
                    form.chosenScopes().equals(new LinkedHashSet<>(t.scopes())) ? null : form.chosenScopes(),
                    orgsChanged && !form.allOrganizations() ? form.organizations() : null,
                    orgsChanged && form.allOrganizations() ? Boolean.TRUE : null,
                    expiresAt,
                    form.expiryEmails() == t.expiryEmails() ? null : form.expiryEmails(),
                    form.chosenNetworks().equals(t.allowedNetworks()) ? null : form.chosenNetworks(),
                    form.justification().equals(Form.of(t).justification()) ? null : form.justification());
            if (body.equals(new UpdateTokenRequest(null, null, null, null, null, null, null, null))) {
                return Uni.createFrom().item(back(id, "saved"));
            }
            return tokens.update(id, body).map(u -> switch (u) {
                case Outcome.Done<TokenView> saved -> back(id, "saved");
                case Outcome.Refused<TokenView> r -> refused("edit", form, r.refusal(), extra);
            });
        });
    }

    @GET
    @Path("tokens/{id}/regenerate")
    public Uni<Response> confirmRegenerate(@PathParam("id") String id) {
        return tokens.get(id)
                .map(o -> pages.show(
                        o, t -> pages.respond("regenerate", Map.of("token", Row.of(t, clock.instant())), 200)));
    }

    @POST
    @Path("tokens/{id}/regenerate")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> regenerate(
            @PathParam("id") String id,
            @FormParam(Csrf.FIELD) String csrfField,
            @FormParam("lifetimeDays") String lifetimeDays) {
        if (!pages.genuine(csrfField)) {
            return Uni.createFrom().item(pages.forged());
        }
        Integer days = null;
        if (lifetimeDays != null && !lifetimeDays.isBlank() && !lifetimeDays.equals("keep")) {
            try {
                days = Integer.valueOf(lifetimeDays);
            } catch (NumberFormatException e) {
                return Uni.createFrom().item(pages.problem(Refusal.invalid("lifetimeDays", "choose a lifetime")));
            }
        }
        return tokens.regenerate(id, days == null ? null : new RegenerateTokenRequest(null, days))
                .map(o -> pages.show(o, t -> secretPage(t, "regenerated")));
    }

    @GET
    @Path("tokens/{id}/revoke")
    public Uni<Response> confirmRevoke(@PathParam("id") String id) {
        return tokens.get(id)
                .map(o ->
                        pages.show(o, t -> pages.respond("revoke", Map.of("token", Row.of(t, clock.instant())), 200)));
    }

    @POST
    @Path("tokens/{id}/revoke")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> revoke(@PathParam("id") String id, @FormParam(Csrf.FIELD) String csrfField) {
        if (!pages.genuine(csrfField)) {
            return Uni.createFrom().item(pages.forged());
        }
        return tokens.revoke(id)
                .map(o -> pages.show(
                        o,
                        t -> Response.seeOther(URI.create("/ui?done=revoked")).build()));
    }

    private Response secretPage(TokenView t, String action) {
        Map<String, Object> data = new HashMap<>();
        data.put("token", Row.of(t, clock.instant()));
        data.put("secret", t.token());
        data.put("action", action);
        return pages.respond("secret", data, 200);
    }

    /** The form again with the API's refusal next to the field it names (or above the form). */
    private Response refused(String template, Form form, Refusal refusal, Map<String, Object> extra) {
        if (refusal.field() != null) {
            return page(
                    template, form, Map.of(fieldOf(refusal.field()), refusal.detail()), extra, refusal.kind().status);
        }
        return pages.problem(refusal);
    }

    private Response page(
            String template, Form form, Map<String, String> errors, Map<String, Object> extra, int status) {
        Map<String, Object> data = form(form, errors);
        data.putAll(extra);
        return pages.respond(template, data, status);
    }

    private static Response back(String id, String done) {
        return Response.seeOther(URI.create("/ui/tokens/" + id + "?done=" + done))
                .build();
    }

    private static Instant endOf(String date) {
        return LocalDate.parse(date).atTime(23, 59, 59).toInstant(ZoneOffset.UTC);
    }

    /** A token form's data: what was entered, the choices, and errors by field. */
    private Map<String, Object> form(Form form, Map<String, String> errors) {
        Map<String, Object> data = new HashMap<>();
        data.put("form", form);
        data.put("errors", Errors.of(errors));
        Set<String> choices = new TreeSet<>(caller.organizations());
        choices.addAll(form.organizations()); // an organization of the token the person has since left
        data.put(
                "organizations",
                choices.stream()
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
            case "allowedNetworks" -> "networks";
            default -> apiField;
        };
    }

    /** What a token form holds. */
    public record Form(
            String name,
            Set<String> organizations,
            boolean allOrganizations,
            String expiry,
            String expiresOn,
            Set<String> scopes,
            boolean fullAccess,
            boolean expiryEmails,
            String networks,
            String justification) {

        static Form of(
                String name,
                List<String> organizations,
                String allOrganizations,
                String expiry,
                String expiresOn,
                List<String> scopes,
                String fullAccess,
                String expiryEmails,
                String networks,
                String justification) {
            return new Form(
                    name == null ? "" : name.strip(),
                    organizations == null ? Set.of() : new LinkedHashSet<>(organizations),
                    allOrganizations != null,
                    expiry == null ? "30" : expiry,
                    expiresOn == null ? "" : expiresOn.strip(),
                    scopes == null ? Set.of() : new LinkedHashSet<>(scopes),
                    fullAccess != null,
                    expiryEmails != null,
                    networks == null ? "" : networks.strip(),
                    justification == null ? "" : justification.strip());
        }

        /** The form of an existing token, as the edit page starts. */
        static Form of(TokenView t) {
            Set<String> scopes = new LinkedHashSet<>(t.scopes());
            boolean full = scopes.remove(ScopeCatalogue.FULL_ACCESS);
            return new Form(
                    t.name(),
                    new LinkedHashSet<>(t.organizations()),
                    t.allOrganizations(),
                    "custom",
                    t.expiresAt().atOffset(ZoneOffset.UTC).toLocalDate().toString(),
                    scopes,
                    full,
                    t.expiryEmails(),
                    String.join(" ", t.allowedNetworks()),
                    t.justification() == null ? "" : t.justification());
        }

        /** The networks as typed, separated by spaces, commas or lines (none: anywhere). */
        List<String> chosenNetworks() {
            return java.util.Arrays.stream(networks.split("[\\s,]+"))
                    .filter(n -> !n.isEmpty())
                    .toList();
        }

        Set<String> chosenScopes() {
            Set<String> chosen = new LinkedHashSet<>(scopes);
            if (fullAccess) {
                chosen.add(ScopeCatalogue.FULL_ACCESS);
            }
            return chosen;
        }
    }

    public record Org(String name, boolean checked) {}

    /** Errors by form field (empty: none); {@code other} is shown above the form. */
    public record Errors(
            String name,
            String organizations,
            String expiry,
            String scopes,
            String networks,
            String justification,
            String other) {
        static Errors of(Map<String, String> byField) {
            Map<String, String> rest = new HashMap<>(byField);
            return new Errors(
                    orEmpty(rest.remove("name")),
                    orEmpty(rest.remove("organizations")),
                    orEmpty(rest.remove("expiry")),
                    orEmpty(rest.remove("scopes")),
                    orEmpty(rest.remove("networks")),
                    orEmpty(rest.remove("justification")),
                    String.join(" ", rest.values()));
        }

        private static String orEmpty(String s) {
            return s == null ? "" : s;
        }
    }

    public record Scope(String value, String level, String description, boolean checked) {}

    public record Area(String name, List<Scope> scopes) {}

    /** A token as the pages show it. */
    public record Row(
            String id,
            String owner,
            String name,
            String organizations,
            String scopes,
            String state,
            String expires,
            String expiresIn,
            boolean soon,
            String lastUsed,
            String hint,
            String created,
            String networks,
            String cutFrom) {

        static Row of(TokenView t, Instant now) {
            Duration left = Duration.between(now, t.expiresAt());
            boolean active = "active".equalsIgnoreCase(t.state());
            String in;
            if (!active) {
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
                    t.owner() == null ? "" : t.owner(),
                    t.name(),
                    t.allOrganizations() ? "all accessible" : String.join(", ", t.organizations()),
                    String.join(", ", t.scopes()),
                    t.state().toLowerCase(Locale.ROOT),
                    WHEN.format(t.expiresAt()),
                    in,
                    active && left.compareTo(Duration.ofDays(7)) <= 0,
                    used,
                    t.displayHint(),
                    WHEN.format(t.createdAt()),
                    t.allowedNetworks().isEmpty() ? "any address" : String.join(", ", t.allowedNetworks()),
                    String.join(", ", t.cutFrom()));
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
                    h.actorKind().toLowerCase(Locale.ROOT) + " " + h.actorId() + from);
        }
    }

    /** One use refused for where it came from, as the pages show it. */
    public record RefusedUse(String when, String tokenId, String owner, String name, String from, String agent) {
        static RefusedUse of(RefusedUseView r) {
            return new RefusedUse(
                    WHEN.format(r.refusedAt()),
                    String.valueOf(r.tokenId()),
                    r.owner() == null ? "" : r.owner(),
                    r.name() == null ? "" : r.name(),
                    r.clientIp() == null ? "an unknown address" : r.clientIp(),
                    r.userAgent() == null ? "" : r.userAgent());
        }
    }
}
