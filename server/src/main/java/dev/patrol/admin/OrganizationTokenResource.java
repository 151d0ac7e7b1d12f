package dev.patrol.admin;

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
import dev.patrol.service.OrganizationGovernanceService;
import dev.patrol.service.PendingApprovalView;
import dev.patrol.service.TokenView;
import io.quarkus.oidc.BearerTokenAuthentication;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * An organization's administrators (role {@code org-admin:NAME}) govern the tokens that can act in
 * their organization, and central administrators in every organization: list them, revoke one that
 * acts there alone, cut one that also acts elsewhere from it (docs/governance.md). OIDC bearer tokens
 * only; a PAT is refused as everywhere in management.
 */
@Path("/api/v1/admin/organizations/{organization}/tokens")
@BearerTokenAuthentication
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "admin")
@SecurityRequirement(name = "oidc")
public class OrganizationTokenResource {

    @Inject
    OrganizationGovernanceService service;

    /** Why an administrator cuts, denies or approves a token in their organization (shown to its owner). */
    public record CutRequest(String reason) {}

    @GET
    @Operation(summary = "The tokens that can act in the organization, with the administrators' list filters")
    @APIResponse(
            responseCode = "403",
            description = "Not an administrator of this organization (the detail names the caller's)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<Response> list(
            @PathParam("organization") String organization,
            @Parameter(description = "owner's subject") @QueryParam("owner") String owner,
            @Parameter(description = "active | expired | revoked | all") @QueryParam("state") String state,
            @Parameter(description = "tokens granted exactly this scope") @QueryParam("scope") String scope,
            @Parameter(description = "ISO-8601 instant") @QueryParam("expiringBefore") String expiringBefore,
            @Parameter(description = "ISO-8601 instant") @QueryParam("lastUsedBefore") String lastUsedBefore,
            @Parameter(description = "only tokens never used") @QueryParam("neverUsed") String neverUsed,
            @QueryParam("sort") String sort,
            @QueryParam("order") String order,
            @Parameter(description = "page size, 1-100") @QueryParam("limit") Integer limit,
            @Parameter(description = "nextCursor of the previous page") @QueryParam("cursor") String cursor) {
        var query = new AdminTokenQuery(
                owner, state, null, scope, expiringBefore, lastUsedBefore, neverUsed, sort, order, limit, cursor);
        return service.list(organization, query)
                .map(o -> Answers.of(o, page -> Response.ok(page).build()));
    }

    @POST
    @Path("{id}/cut")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "Cut a token from the organization: it stops acting there on every instance and keeps its "
                    + "other organizations; its owner is told who did it and why")
    @APIResponse(
            responseCode = "200",
            description = "The token as it now is (cutFrom names the organization)",
            content = @Content(schema = @Schema(implementation = TokenView.class)))
    @APIResponse(
            responseCode = "404",
            description = "No token that can act in this organization has this id",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(
            responseCode = "409",
            description = "Revoked, or it can act in this organization alone (revoke it instead)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(
            responseCode = "422",
            description = "No reason given, or one over 500 characters",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<Response> cut(
            @PathParam("organization") String organization, @PathParam("id") String id, CutRequest body) {
        return service.cut(organization, id, body == null ? null : body.reason())
                .map(o -> Answers.of(o, t -> Response.ok(t).build()));
    }

    @DELETE
    @Path("{id}")
    @Operation(summary = "Revoke a token that can act in the organization alone; the owner sees who and why")
    @APIResponse(responseCode = "204", description = "Revoked")
    @APIResponse(
            responseCode = "409",
            description = "Already revoked, or it acts in other organizations too (cut it instead)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<Response> revoke(
            @PathParam("organization") String organization,
            @PathParam("id") String id,
            @Parameter(description = "why (shown to the owner), up to 500 characters", required = true)
                    @QueryParam("reason")
                    String reason) {
        return service.revoke(organization, id, reason)
                .map(o -> Answers.of(o, t -> Response.noContent().build()));
    }

    @GET
    @Path("pending")
    @Operation(
            summary = "Tokens waiting for approval in the organization (its policy says approval: required): "
                    + "who, which scopes, until when, the owner's justification; newest first")
    @APIResponse(
            responseCode = "200",
            content = @Content(schema = @Schema(type = SchemaType.ARRAY, implementation = PendingApprovalView.class)))
    public Uni<Response> pending(@PathParam("organization") String organization) {
        return service.pending(organization)
                .map(o -> Answers.of(o, list -> Response.ok(list).build()));
    }

    @POST
    @Path("{id}/approve")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "Approve a token in the organization as it now is (its scopes, its expiry): it acts there on "
                    + "every instance; widening it later needs approval again. The owner is told")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = TokenView.class)))
    @APIResponse(
            responseCode = "409",
            description = "Revoked, expired, or cut from (denied in) the organization",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<Response> approve(
            @PathParam("organization") String organization, @PathParam("id") String id, CutRequest body) {
        return service.approve(organization, id, body == null ? null : body.reason())
                .map(o -> Answers.of(o, t -> Response.ok(t).build()));
    }

    @POST
    @Path("{id}/deny")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "Deny a token in the organization, for good: it is cut from it (revoked when it can act "
                    + "nowhere else); the owner is told why")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = TokenView.class)))
    public Uni<Response> deny(
            @PathParam("organization") String organization, @PathParam("id") String id, CutRequest body) {
        return service.deny(organization, id, body == null ? null : body.reason())
                .map(o -> Answers.of(o, t -> Response.ok(t).build()));
    }
}
