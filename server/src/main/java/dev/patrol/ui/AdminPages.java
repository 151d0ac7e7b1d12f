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

import dev.patrol.http.Answers;
import dev.patrol.repository.AuditQueries;
import dev.patrol.service.AdminTokenQuery;
import dev.patrol.service.AuditQuery;
import dev.patrol.service.AuditService;
import dev.patrol.service.Caller;
import dev.patrol.service.GovernanceService;
import dev.patrol.service.LeakFindingView;
import dev.patrol.service.OrganizationGovernanceService;
import dev.patrol.service.Outcome;
import dev.patrol.service.PendingApprovalView;
import dev.patrol.service.PolicyDocument;
import dev.patrol.service.PolicyService;
import dev.patrol.service.PolicyView;
import dev.patrol.service.TokenView;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;

/**
 * The administrators' pages (docs/web-ui.md): anyone's tokens with filters, revoking one or all of
 * a person's, policies, leak findings and the audit. Like the people's pages they render the
 * answers of the services the REST API serves. Only administrators; the audit also organization
 * administrators, for their organizations.
 */
@Path("/ui/admin")
@Authenticated
@Produces(MediaType.TEXT_HTML)
public class AdminPages {

    @Inject
    GovernanceService tokens;

    @Inject
    PolicyService policies;

    @Inject
    OrganizationGovernanceService organizations;

    @Inject
    AuditService audit;

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
        var query =
                new AdminTokenQuery(owner, shownState, organization, null, null, null, null, null, null, 50, cursor);
        return tokens.list(query)
                .map(o -> pages.show(o, page -> {
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
                }));
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
                .map(o -> pages.show(
                        o,
                        done -> Response.seeOther(URI.create("/ui/admin?done=revoked"))
                                .build()));
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
        String person = orEmpty(subject).strip();
        return tokens.revokeAll(person, reason)
                .map(o -> pages.show(
                        o,
                        n -> pages.respond(
                                "admin-done", Map.of("detail", n + " tokens of " + person + " revoked."), 200)));
    }

    @GET
    @Path("leaks")
    public Uni<Response> leaks() {
        if (!caller.isAdmin()) {
            return Uni.createFrom().item(notAdmin());
        }
        return tokens.leaks(100)
                .map(o -> pages.show(
                        o,
                        found -> pages.respond(
                                "admin-leaks",
                                Map.of("leaks", found.stream().map(Leak::of).toList()),
                                200)));
    }

    /** An organization administrator's page: the tokens that can act in their organization. */
    @GET
    @Path("organizations/{organization}")
    public Uni<Response> organization(
            @PathParam("organization") String organization,
            @QueryParam("owner") String owner,
            @QueryParam("cursor") String cursor,
            @QueryParam("done") String done) {
        var query = new AdminTokenQuery(owner, "active", null, null, null, null, null, null, null, 50, cursor);
        return Uni.combine()
                .all()
                .unis(organizations.list(organization, query), organizations.pending(organization))
                .asTuple()
                .map(both -> pages.show(both.getItem1(), page -> {
                    Map<String, Object> data = new HashMap<>();
                    List<PendingApprovalView> pending = both.getItem2().orNull();
                    data.put(
                            "pending",
                            pending == null
                                    ? List.of()
                                    : pending.stream().map(Pending::of).toList());
                    data.put(
                            "tokens",
                            page.items().stream()
                                    .map(t -> OrganizationRow.of(t, organization, clock.instant()))
                                    .toList());
                    data.put("organization", organization);
                    data.put("owner", orEmpty(owner));
                    data.put("next", orEmpty(page.nextCursor()));
                    data.put("done", Pages.done(done));
                    return pages.respond("admin-organization", data, 200);
                }));
    }

    @POST
    @Path("organizations/{organization}/tokens/{id}/{action:cut|revoke|approve|deny}")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> governInOrganization(
            @PathParam("organization") String organization,
            @PathParam("id") String id,
            @PathParam("action") String action,
            @FormParam(Csrf.FIELD) String csrfField,
            @FormParam("reason") String reason) {
        if (!pages.genuine(csrfField)) {
            return Uni.createFrom().item(pages.forged());
        }
        Uni<Outcome<TokenView>> decided = switch (action) {
            case "cut" -> organizations.cut(organization, id, reason);
            case "approve" -> organizations.approve(organization, id, reason);
            case "deny" -> organizations.deny(organization, id, reason);
            default -> organizations.revoke(organization, id, reason);
        };
        String said = switch (action) {
            case "cut", "deny" -> "cut";
            case "approve" -> "approved";
            default -> "revoked";
        };
        return decided.map(o -> pages.show(
                o,
                t -> Response.seeOther(URI.create("/ui/admin/organizations/"
                                + URLEncoder.encode(organization, StandardCharsets.UTF_8)
                                        .replace("+", "%20")
                                + "?done=" + said))
                        .build()));
    }

    /** A token waiting for approval, as the organization's page shows it. */
    public record Pending(
            String id,
            String owner,
            String name,
            String scopes,
            String organizations,
            String expires,
            String since,
            String justification) {
        static Pending of(PendingApprovalView p) {
            return new Pending(
                    p.tokenId().toString(),
                    p.owner(),
                    p.name(),
                    String.join(", ", p.scopes()),
                    p.allOrganizations() ? "all of the owner's" : String.join(", ", p.organizations()),
                    TokenPages.WHEN.format(p.expiresAt()),
                    TokenPages.WHEN.format(p.createdAt()),
                    orEmpty(p.justification()));
        }
    }

    /** A token on an organization's page: whether it acts there alone (revoke) or was cut from it. */
    public record OrganizationRow(TokenPages.Row token, boolean alone, boolean cut) {
        static OrganizationRow of(TokenView t, String organization, java.time.Instant now) {
            return new OrganizationRow(
                    TokenPages.Row.of(t, now),
                    !t.allOrganizations()
                            && t.organizations().stream()
                                    .filter(o -> !t.cutFrom().contains(o))
                                    .toList()
                                    .equals(List.of(organization)),
                    t.cutFrom().contains(organization));
        }
    }

    @GET
    @Path("refusals")
    public Uni<Response> refusals() {
        if (!caller.isAdmin()) {
            return Uni.createFrom().item(notAdmin());
        }
        return tokens.refusals(100)
                .map(o -> pages.show(
                        o,
                        found -> pages.respond(
                                "admin-refusals",
                                Map.of(
                                        "refusals",
                                        found.stream()
                                                .map(TokenPages.RefusedUse::of)
                                                .toList()),
                                200)));
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
        var query = new AuditQuery(owner, token, organization, type, null, actorKind, null, from, to, 50, cursor);
        return audit.page(query, false)
                .map(o -> pages.show(o, page -> {
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
                }));
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
        var query = new AuditQuery(owner, token, organization, type, null, actorKind, null, from, to, null, null);
        return audit.page(query, true).map(o -> pages.show(o, Answers::auditDownload));
    }

    @GET
    @Path("policies")
    public Response policy(@QueryParam("organization") String organization, @QueryParam("done") String done) {
        // The service decides: central administrators any policy, an organization's administrators theirs.
        String org = orEmpty(organization).strip();
        return pages.show(
                policies.current(org.isEmpty() ? null : org),
                view -> policyPage(view, org, PolicyForm.of(view.policy()), "", Pages.done(done), 200));
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
            @FormParam("existingTokens") String existingTokens,
            @FormParam("approval") String approval,
            @FormParam("allowedNetworks") String allowedNetworks) {
        if (!pages.genuine(csrfField)) {
            return Uni.createFrom().item(pages.forged());
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
                orEmpty(existingTokens),
                orEmpty(approval),
                orEmpty(allowedNetworks).strip());
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
        return policies.set(org.isEmpty() ? null : org, version.strip(), document)
                .map(o -> switch (o) {
                    case Outcome.Done<PolicyView> saved ->
                        Response.seeOther(URI.create("/ui/admin/policies?done=saved"
                                        + (org.isEmpty()
                                                ? ""
                                                : "&organization=" + URLEncoder.encode(org, StandardCharsets.UTF_8))))
                                .build();
                    case Outcome.Refused<PolicyView> r ->
                        reshow(org, form, r.refusal().detail(), r.refusal().kind().status);
                });
    }

    private Response reshow(String org, PolicyForm form, String error, int status) {
        return pages.show(
                policies.current(org.isEmpty() ? null : org), view -> policyPage(view, org, form, error, "", status));
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
            String existingTokens,
            String approval,
            String allowedNetworks) {

        static PolicyForm of(PolicyDocument p) {
            return new PolicyForm(
                    text(p.maxLifetimeDays()),
                    text(p.defaultLifetimeDays()),
                    text(p.allowAllOrganizations()),
                    text(p.allowFullAccess()),
                    p.allowedScopes() == null ? "" : String.join(", ", new java.util.TreeSet<>(p.allowedScopes())),
                    text(p.maxActiveTokensPerUser()),
                    p.exemptUsers() == null ? "" : String.join(", ", new java.util.TreeSet<>(p.exemptUsers())),
                    p.existingTokens() == null ? "" : p.existingTokens(),
                    p.approval() == null ? "" : p.approval(),
                    p.allowedNetworks() == null ? "" : String.join(", ", p.allowedNetworks()));
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
                    existingTokens.isEmpty() ? null : existingTokens.toLowerCase(Locale.ROOT),
                    approval.isEmpty() ? null : approval,
                    allowedNetworks.isEmpty() ? null : List.copyOf(list(allowedNetworks)));
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
