package dev.patrol.ui;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

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

import dev.patrol.api.AdminAuditResource;
import dev.patrol.api.AdminPolicyResource;
import dev.patrol.api.AdminTokenResource;
import dev.patrol.api.Caller;
import dev.patrol.api.LeakFindingView;
import dev.patrol.api.PolicyDocument;
import dev.patrol.api.PolicyView;
import dev.patrol.api.Problem;
import dev.patrol.api.TokenPage;
import dev.patrol.readmodel.AuditQueries;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;

/**
 * The administrators' pages (docs/web-ui.md): anyone's tokens with filters, revoking one or all of
 * a person's, policies, leak findings and the audit. Like the people's pages they render the REST
 * API's answers: each calls the administrators' resource the API serves. Only administrators; the
 * audit also organization administrators, for their organizations.
 */
@Path("/ui/admin")
@Authenticated
@Produces(MediaType.TEXT_HTML)
public class AdminPages {

    @Inject
    AdminTokenResource tokens;

    @Inject
    AdminPolicyResource policies;

    @Inject
    AdminAuditResource audit;

    @Inject
    Pages pages;

    @Inject
    Caller caller;

    @Inject
    java.time.Clock clock;

    @GET
    public Uni<Response> tokens(
            @QueryParam("owner") String owner,
            @QueryParam("state") String state,
            @QueryParam("organization") String organization,
            @QueryParam("cursor") String cursor,
            @QueryParam("done") String done) {
        if (!caller.isAdmin()) {
            return Uni.createFrom().item(notAdmin());
        }
        String shownState = blank(state) ? "active" : state;
        return tokens.list(owner, shownState, organization, null, null, null, null, null, null, 50, cursor)
                .map(r -> {
                    if (!(r.getEntity() instanceof TokenPage page)) {
                        return pages.problem(r);
                    }
                    Map<String, Object> data = new HashMap<>();
                    data.put(
                            "tokens",
                            page.items().stream()
                                    .map(t -> TokenPages.Row.of(t, clock.instant()))
                                    .toList());
                    data.put("owner", orEmpty(owner));
                    data.put("state", shownState);
                    data.put("organization", orEmpty(organization));
                    data.put("next", orEmpty(page.nextCursor()));
                    data.put("done", Pages.done(done));
                    return pages.respond("admin-tokens", data, 200);
                });
    }

    @POST
    @Path("tokens/{id}/revoke")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> revoke(
            @PathParam("id") String id, @FormParam(Csrf.FIELD) String csrfField, @FormParam("reason") String reason) {
        if (!pages.genuine(csrfField)) {
            return Uni.createFrom().item(pages.forged());
        }
        if (!caller.isAdmin()) {
            return Uni.createFrom().item(notAdmin());
        }
        return tokens.revoke(id, reason)
                .map(r -> r.getStatus() == 204
                        ? Response.seeOther(URI.create("/ui/admin?done=revoked"))
                                .build()
                        : pages.problem(r));
    }

    @POST
    @Path("revoke-all")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> revokeAll(
            @FormParam(Csrf.FIELD) String csrfField,
            @FormParam("subject") String subject,
            @FormParam("reason") String reason) {
        if (!pages.genuine(csrfField)) {
            return Uni.createFrom().item(pages.forged());
        }
        if (!caller.isAdmin()) {
            return Uni.createFrom().item(notAdmin());
        }
        if (blank(subject)) {
            return Uni.createFrom().item(pages.problem(Problem.invalid("subject", "name the person")));
        }
        return tokens.revokeAll(subject.strip(), new AdminTokenResource.RevokeAllRequest(reason))
                .map(r -> r.getStatus() == 200 && r.getEntity() instanceof Map<?, ?> m
                        ? pages.respond(
                                "admin-done",
                                Map.of("detail", m.get("revoked") + " tokens of " + subject.strip() + " revoked."),
                                200)
                        : pages.problem(r));
    }

    @GET
    @Path("leaks")
    public Uni<Response> leaks() {
        if (!caller.isAdmin()) {
            return Uni.createFrom().item(notAdmin());
        }
        return tokens.leaks(100).map(r -> {
            if (!(r.getEntity() instanceof List<?> found)) {
                return pages.problem(r);
            }
            List<Leak> leaks =
                    found.stream().map(f -> Leak.of((LeakFindingView) f)).toList();
            return pages.respond("admin-leaks", Map.of("leaks", leaks), 200);
        });
    }

    @GET
    @Path("audit")
    public Uni<Response> audit(
            @QueryParam("owner") String owner,
            @QueryParam("token") String token,
            @QueryParam("organization") String organization,
            @QueryParam("type") String type,
            @QueryParam("actorKind") String actorKind,
            @QueryParam("from") String from,
            @QueryParam("to") String to,
            @QueryParam("cursor") String cursor) {
        if (!auditor()) {
            return Uni.createFrom().item(notAdmin());
        }
        return audit.audit(owner, token, organization, type, null, actorKind, null, from, to, 50, cursor, null)
                .map(r -> {
                    if (!(r.getEntity() instanceof AdminAuditResource.AuditPage page)) {
                        return pages.problem(r);
                    }
                    Map<String, Object> data = new HashMap<>();
                    data.put("entries", page.items().stream().map(AuditRow::of).toList());
                    Map<String, String> filters = new HashMap<>();
                    filters.put("owner", orEmpty(owner));
                    filters.put("token", orEmpty(token));
                    filters.put("organization", orEmpty(organization));
                    filters.put("type", orEmpty(type));
                    filters.put("actorKind", orEmpty(actorKind));
                    filters.put("from", orEmpty(from));
                    filters.put("to", orEmpty(to));
                    data.put("f", filters);
                    data.put("query", query(filters));
                    data.put("next", orEmpty(page.nextCursor()));
                    return pages.respond("admin-audit", data, 200);
                });
    }

    /** The same rows as a CSV download (the API's CSV, formula cells neutralised). */
    @GET
    @Path("audit.csv")
    @Produces("text/csv")
    public Uni<Response> auditCsv(
            @QueryParam("owner") String owner,
            @QueryParam("token") String token,
            @QueryParam("organization") String organization,
            @QueryParam("type") String type,
            @QueryParam("actorKind") String actorKind,
            @QueryParam("from") String from,
            @QueryParam("to") String to) {
        if (!auditor()) {
            return Uni.createFrom().item(notAdmin());
        }
        return audit.audit(owner, token, organization, type, null, actorKind, null, from, to, null, null, "text/csv")
                .map(r -> r.getStatus() == 200 ? r : pages.problem(r));
    }

    @GET
    @Path("policies")
    public Response policy(@QueryParam("organization") String organization, @QueryParam("done") String done) {
        if (!caller.isAdmin()) {
            return notAdmin();
        }
        Response r = blank(organization) ? policies.global() : policies.organization(organization.strip());
        if (!(r.getEntity() instanceof PolicyView view)) {
            return pages.problem(r);
        }
        return policyPage(view, orEmpty(organization).strip(), PolicyForm.of(view.policy()), "", Pages.done(done), 200);
    }

    @POST
    @Path("policies")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> setPolicy(
            @FormParam(Csrf.FIELD) String csrfField,
            @FormParam("organization") String organization,
            @FormParam("version") String version,
            @FormParam("maxLifetimeDays") String maxLifetimeDays,
            @FormParam("defaultLifetimeDays") String defaultLifetimeDays,
            @FormParam("allowAllOrganizations") String allowAllOrganizations,
            @FormParam("allowFullAccess") String allowFullAccess,
            @FormParam("allowedScopes") String allowedScopes,
            @FormParam("maxActiveTokensPerUser") String maxActiveTokensPerUser,
            @FormParam("exemptUsers") String exemptUsers,
            @FormParam("existingTokens") String existingTokens) {
        if (!pages.genuine(csrfField)) {
            return Uni.createFrom().item(pages.forged());
        }
        if (!caller.isAdmin()) {
            return Uni.createFrom().item(notAdmin());
        }
        String org = orEmpty(organization).strip();
        PolicyForm form = new PolicyForm(
                orEmpty(maxLifetimeDays).strip(),
                orEmpty(defaultLifetimeDays).strip(),
                orEmpty(allowAllOrganizations),
                orEmpty(allowFullAccess),
                orEmpty(allowedScopes).strip(),
                orEmpty(maxActiveTokensPerUser).strip(),
                orEmpty(exemptUsers).strip(),
                orEmpty(existingTokens));
        PolicyDocument document;
        try {
            document = form.toDocument();
        } catch (IllegalArgumentException e) {
            return Uni.createFrom().item(reshow(org, form, e.getMessage() + ": a whole number, or empty", 422));
        }
        if (blank(version)) {
            // The page always sends the version it showed: without one, this would overwrite blindly.
            return Uni.createFrom()
                    .item(reshow(org, form, "This form has no version: reload the page and try again.", 409));
        }
        String ifMatch = version.strip();
        Uni<Response> set = org.isEmpty()
                ? policies.setGlobal(ifMatch, document)
                : policies.setOrganization(org, ifMatch, document);
        return set.map(r -> r.getStatus() == 200
                ? Response.seeOther(URI.create("/ui/admin/policies?done=saved"
                                + (org.isEmpty()
                                        ? ""
                                        : "&organization=" + URLEncoder.encode(org, StandardCharsets.UTF_8))))
                        .build()
                : reshow(org, form, r.getEntity() instanceof Problem p ? p.detail() : "not saved", r.getStatus()));
    }

    private Response reshow(String org, PolicyForm form, String error, int status) {
        Response r = org.isEmpty() ? policies.global() : policies.organization(org);
        if (!(r.getEntity() instanceof PolicyView view)) {
            return pages.problem(r);
        }
        return policyPage(view, org, form, error, "", status);
    }

    private Response policyPage(
            PolicyView view, String organization, PolicyForm form, String error, String done, int status) {
        Map<String, Object> data = new HashMap<>();
        data.put("organization", organization);
        data.put("scope", view.scope());
        data.put("version", view.version());
        data.put(
                "setBy",
                view.setBy() == null
                        ? ""
                        : view.setBy() + (view.since() == null ? "" : " at " + TokenPages.WHEN.format(view.since())));
        data.put("form", form);
        data.put("error", error);
        data.put("done", done);
        return pages.respond("admin-policy", data, status);
    }

    /** Administrators, and organization administrators (the audit shows them their organizations). */
    private boolean auditor() {
        return caller.isAdmin() || !caller.administeredOrganizations().isEmpty();
    }

    private Response notAdmin() {
        return pages.respond("problem", Map.of("detail", "These pages are for administrators."), 403);
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }

    private static String query(Map<String, String> filters) {
        StringBuilder q = new StringBuilder();
        filters.forEach((k, v) -> {
            if (!v.isEmpty()) {
                q.append(q.length() == 0 ? "" : "&")
                        .append(k)
                        .append('=')
                        .append(URLEncoder.encode(v, StandardCharsets.UTF_8));
            }
        });
        return q.toString();
    }

    /** A policy as its form shows it: every rule as text, empty when the policy does not set it. */
    public record PolicyForm(
            String maxLifetimeDays,
            String defaultLifetimeDays,
            String allowAllOrganizations,
            String allowFullAccess,
            String allowedScopes,
            String maxActiveTokensPerUser,
            String exemptUsers,
            String existingTokens) {

        static PolicyForm of(PolicyDocument p) {
            return new PolicyForm(
                    text(p.maxLifetimeDays()),
                    text(p.defaultLifetimeDays()),
                    text(p.allowAllOrganizations()),
                    text(p.allowFullAccess()),
                    p.allowedScopes() == null ? "" : String.join(", ", new java.util.TreeSet<>(p.allowedScopes())),
                    text(p.maxActiveTokensPerUser()),
                    p.exemptUsers() == null ? "" : String.join(", ", new java.util.TreeSet<>(p.exemptUsers())),
                    p.existingTokens() == null ? "" : p.existingTokens());
        }

        /** @throws IllegalArgumentException naming a number field that holds no whole number */
        PolicyDocument toDocument() {
            return new PolicyDocument(
                    number("maxLifetimeDays", maxLifetimeDays),
                    number("defaultLifetimeDays", defaultLifetimeDays),
                    bool(allowAllOrganizations),
                    bool(allowFullAccess),
                    list(allowedScopes),
                    number("maxActiveTokensPerUser", maxActiveTokensPerUser),
                    list(exemptUsers),
                    existingTokens.isEmpty() ? null : existingTokens.toLowerCase(Locale.ROOT));
        }

        private static String text(Object o) {
            return o == null ? "" : o.toString();
        }

        private static Integer number(String field, String s) {
            if (s.isEmpty()) {
                return null;
            }
            try {
                return Integer.valueOf(s);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(field);
            }
        }

        private static Boolean bool(String s) {
            return s.isEmpty() ? null : Boolean.valueOf(s);
        }

        private static Set<String> list(String s) {
            if (s.isEmpty()) {
                return null;
            }
            Set<String> out = new LinkedHashSet<>();
            Arrays.stream(s.split("[,\\s]+")).filter(x -> !x.isBlank()).forEach(out::add);
            return out;
        }
    }

    /** One leak finding as the page shows it. */
    public record Leak(
            String when, String tokenId, String owner, String url, String source, String reporter, String outcome) {
        static Leak of(LeakFindingView f) {
            return new Leak(
                    TokenPages.WHEN.format(f.reportedAt()),
                    String.valueOf(f.tokenId()),
                    orEmpty(f.owner()),
                    orEmpty(f.url()),
                    orEmpty(f.source()),
                    orEmpty(f.reporterIp()),
                    f.outcome());
        }
    }

    /** One audit entry as the page shows it. */
    public record AuditRow(
            String when, String what, String token, String owner, String who, String from, String reason) {
        static AuditRow of(AuditQueries.Entry e) {
            String what = e.type().replaceFirst("^patrol\\.token\\.", "").replaceFirst("\\.v\\d+$", "");
            String reason = e.reason() == null
                    ? ""
                    : e.reason().toLowerCase(Locale.ROOT) + (e.note() == null ? "" : ": " + e.note());
            return new AuditRow(
                    TokenPages.WHEN.format(e.occurredAt()),
                    what,
                    String.valueOf(e.tokenId()),
                    orEmpty(e.owner()),
                    e.actorKind().toLowerCase(Locale.ROOT) + " " + e.actorId(),
                    orEmpty(e.clientIp()),
                    reason);
        }
    }
}
