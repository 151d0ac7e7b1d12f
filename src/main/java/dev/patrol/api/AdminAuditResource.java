package dev.patrol.api;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import dev.patrol.readmodel.AuditQueries;
import dev.patrol.readmodel.TokenQueries.SortKey;
import io.quarkus.oidc.BearerTokenAuthentication;
import io.quarkus.security.Authenticated;
import io.quarkus.security.ForbiddenException;
import io.smallrye.mutiny.Uni;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Who did what to which token, for auditors: every applied event, newest first, filtered and paged;
 * as JSON or, with {@code Accept: text/csv}, as CSV (docs/governance.md). Administrators see every
 * token; an organization administrator (role {@code org-admin:NAME}) the tokens of their
 * organizations only; anyone else 403.
 */
@Path("/api/v1/admin/audit")
@BearerTokenAuthentication
@Authenticated
@Tag(name = "admin")
public class AdminAuditResource {

    static final String CSV = "text/csv";
    private static final int MAX_JSON = 100;
    private static final int MAX_CSV = 10_000;

    @Inject
    AuditQueries audit;

    @Inject
    Caller caller;

    /** A page of the audit and the cursor of the next one (null at the end). */
    public record AuditPage(List<AuditQueries.Entry> items, String nextCursor) {}

    @GET
    @Produces({MediaType.APPLICATION_JSON, CSV})
    @Operation(summary = "The token history: who did what, when and from where; newest first")
    public Uni<Response> audit(
            @QueryParam("owner") String owner,
            @QueryParam("token") String token,
            @QueryParam("organization") String organization,
            @Parameter(description = "event type, e.g. patrol.token.revoked.v1") @QueryParam("type") String type,
            @Parameter(description = "actor id (a subject, or a system actor such as leak-report)") @QueryParam("actor")
                    String actor,
            @Parameter(description = "user | admin | system | holder") @QueryParam("actorKind") String actorKind,
            @QueryParam("clientIp") String clientIp,
            @Parameter(description = "ISO-8601 instant, inclusive") @QueryParam("from") String from,
            @Parameter(description = "ISO-8601 instant, exclusive") @QueryParam("to") String to,
            @Parameter(description = "page size: 1-100 (JSON), 1-10000 (CSV)") @QueryParam("limit") Integer limit,
            @QueryParam("cursor") String cursor,
            @HeaderParam(HttpHeaders.ACCEPT) String accept) {
        boolean csv = accept != null && accept.toLowerCase(Locale.ROOT).contains(CSV);
        int max = csv ? MAX_CSV : MAX_JSON;
        int size = limit == null ? (csv ? MAX_CSV : 20) : limit;
        Set<String> within = caller.isAdmin() ? null : caller.administeredOrganizations();
        if (within != null && within.isEmpty()) {
            throw new ForbiddenException();
        }
        if (within != null && blank(organization) != null && !within.contains(organization.strip())) {
            return Uni.createFrom()
                    .item(Problem.response(403, "Forbidden", "you administer " + String.join(", ", within) + " only"));
        }
        AuditQueries.Filter filter;
        Object[] after;
        try {
            if (size < 1 || size > max) {
                throw new ListRequest.BadParameter("limit", "between 1 and " + max);
            }
            UUID tokenId = null;
            if (blank(token) != null) {
                try {
                    tokenId = UUID.fromString(token.strip());
                } catch (IllegalArgumentException e) {
                    throw new ListRequest.BadParameter("token", "a token id");
                }
            }
            String kind = blank(actorKind) == null ? null : actorKind.strip().toUpperCase(Locale.ROOT);
            if (kind != null && !List.of("USER", "ADMIN", "SYSTEM", "HOLDER").contains(kind)) {
                throw new ListRequest.BadParameter("actorKind", "user, admin, system or holder");
            }
            filter = new AuditQueries.Filter(
                    blank(owner),
                    tokenId,
                    blank(organization),
                    within,
                    blank(type),
                    blank(actor),
                    kind,
                    blank(clientIp),
                    instant("from", from),
                    instant("to", to));
            try {
                after = cursor == null ? null : Cursor.decode(cursor, SortKey.CREATED, true);
            } catch (IllegalArgumentException e) {
                throw new ListRequest.BadParameter("cursor", "the nextCursor of a previous page");
            }
        } catch (ListRequest.BadParameter e) {
            return Uni.createFrom().item(e.response);
        }
        return audit.page(filter, size, after).map(page -> {
            String next = page.lastKey() == null ? null : Cursor.encode(SortKey.CREATED, true, page.lastKey());
            if (!csv) {
                return Response.ok(new AuditPage(page.entries(), next), MediaType.APPLICATION_JSON_TYPE)
                        .build();
            }
            Response.ResponseBuilder r = Response.ok(AuditCsv.of(page.entries()), CSV + "; charset=UTF-8")
                    .header("Content-Disposition", "attachment; filename=\"patrol-audit.csv\"");
            if (next != null) {
                r.header("X-Next-Cursor", next); // the same filters with cursor=this give the next rows
            }
            return r.build();
        });
    }

    private static String blank(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    private static Instant instant(String name, String value) throws ListRequest.BadParameter {
        if (blank(value) == null) {
            return null;
        }
        try {
            return Instant.parse(value.strip());
        } catch (DateTimeParseException e) {
            throw new ListRequest.BadParameter(name, "an ISO-8601 instant such as 2026-12-31T00:00:00Z");
        }
    }
}
