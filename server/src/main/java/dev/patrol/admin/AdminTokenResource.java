package dev.patrol.admin;

import java.util.Map;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import dev.patrol.http.Answers;
import dev.patrol.http.Problem;
import dev.patrol.service.AdminTokenQuery;
import dev.patrol.service.GovernanceService;
import io.quarkus.oidc.BearerTokenAuthentication;
import io.smallrye.mutiny.Uni;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Administrators govern anyone's tokens: list them, revoke one, revoke all of a person's
 * (offboarding). OIDC bearer tokens with the admin role only; a PAT is refused (401) as everywhere
 * in management. Every revocation is its own event with the administrator as actor and their reason
 * as the note the owner sees.
 */
@Path("/api/v1/admin")
@BearerTokenAuthentication
@RolesAllowed("${patrol.identity.admin-role}")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "admin")
@SecurityRequirement(name = "oidc")
public class AdminTokenResource {

    @Inject
    GovernanceService service;

    /** An administrator's reason for a revocation. */
    public record RevokeAllRequest(String reason) {}

    @GET
    @Path("tokens")
    @Operation(summary = "Anyone's tokens, with filters; newest first unless sorted otherwise")
    public Uni<Response> list(
            @Parameter(description = "owner's subject") @QueryParam("owner") String owner,
            @Parameter(description = "active | expired | revoked | all") @QueryParam("state") String state,
            @Parameter(description = "tokens that can act in this organization") @QueryParam("organization")
                    String organization,
            @Parameter(description = "tokens granted exactly this scope") @QueryParam("scope") String scope,
            @Parameter(description = "ISO-8601 instant") @QueryParam("expiringBefore") String expiringBefore,
            @Parameter(description = "ISO-8601 instant") @QueryParam("lastUsedBefore") String lastUsedBefore,
            @Parameter(description = "only tokens never used") @QueryParam("neverUsed") String neverUsed,
            @QueryParam("sort") String sort,
            @QueryParam("order") String order,
            @Parameter(description = "page size, 1-100") @QueryParam("limit") Integer limit,
            @Parameter(description = "nextCursor of the previous page") @QueryParam("cursor") String cursor) {
        var query = new AdminTokenQuery(
                owner,
                state,
                organization,
                scope,
                expiringBefore,
                lastUsedBefore,
                neverUsed,
                sort,
                order,
                limit,
                cursor);
        return service.list(query)
                .map(o -> Answers.of(o, page -> Response.ok(page).build()));
    }

    @DELETE
    @Path("tokens/{id}")
    @Operation(summary = "Revoke anyone's token; the owner sees who did it and the reason")
    @APIResponse(responseCode = "204", description = "Revoked")
    @APIResponse(
            responseCode = "409",
            description = "Already revoked",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(
            responseCode = "422",
            description = "No reason given",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<Response> revoke(
            @PathParam("id") String id,
            @Parameter(description = "why (shown to the owner), up to 500 characters", required = true)
                    @QueryParam("reason")
                    String reason) {
        return service.revoke(id, reason)
                .map(o -> Answers.of(o, done -> Response.noContent().build()));
    }

    @POST
    @Path("users/{subject}/revoke-all")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "Revoke every token of a person (offboarding); answers how many",
            description = "One revocation event per token. Idempotent: calling again revokes what is left.")
    @APIResponse(responseCode = "200", description = "{\"revoked\": n}")
    @APIResponse(
            responseCode = "503",
            description = "Some revocations were not confirmed in time; call again",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<Response> revokeAll(@PathParam("subject") String subject, RevokeAllRequest body) {
        return service.revokeAll(subject, body == null ? null : body.reason())
                .map(o -> Answers.of(o, n -> Response.ok(Map.of("revoked", n)).build()));
    }

    @GET
    @Path("leaks")
    @Operation(summary = "The newest leak findings about anyone's tokens")
    public Uni<Response> leaks(@Parameter(description = "how many, 1-100") @QueryParam("limit") Integer limit) {
        return service.leaks(limit)
                .map(o -> Answers.of(o, found -> Response.ok(found).build()));
    }

    @GET
    @Path("refusals")
    @Operation(summary = "The newest uses of anyone's tokens refused for where they came from (outside its networks)")
    public Uni<Response> refusals(@Parameter(description = "how many, 1-100") @QueryParam("limit") Integer limit) {
        return service.refusals(limit)
                .map(o -> Answers.of(o, found -> Response.ok(found).build()));
    }
}
