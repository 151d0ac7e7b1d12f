package dev.patrol.admin;

import java.util.Locale;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import dev.patrol.http.Answers;
import dev.patrol.service.AuditQuery;
import dev.patrol.service.AuditService;
import io.quarkus.oidc.BearerTokenAuthentication;
import io.quarkus.security.Authenticated;
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

    @Inject
    AuditService service;

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
        var query =
                new AuditQuery(owner, token, organization, type, actor, actorKind, clientIp, from, to, limit, cursor);
        return service.page(query, csv)
                .map(o -> Answers.of(o, page -> {
                    if (!csv) {
                        return Response.ok(page, MediaType.APPLICATION_JSON_TYPE)
                                .build();
                    }
                    return Answers.auditDownload(page);
                }));
    }
}
