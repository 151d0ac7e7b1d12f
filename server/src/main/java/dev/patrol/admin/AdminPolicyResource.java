package dev.patrol.admin;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import dev.patrol.http.Answers;
import dev.patrol.http.Problem;
import dev.patrol.service.PolicyDocument;
import dev.patrol.service.PolicyService;
import dev.patrol.service.PolicyView;
import io.quarkus.oidc.BearerTokenAuthentication;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Governance policies, global and per organization (docs/governance.md). A change is an event on the
 * policy topic with the administrator as actor; the history is kept. Enforced on create, modify,
 * regenerate and self-rotation; {@code existingTokens} says what happens to tokens made before. The
 * global policy and the history are the central administrators'; an organization's policy is also
 * its own administrators' ({@code org-admin:NAME}), who may only tighten the global one (the service
 * checks).
 */
@Path("/api/v1/admin")
@BearerTokenAuthentication
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "admin")
@SecurityRequirement(name = "oidc")
public class AdminPolicyResource {

    @Inject
    PolicyService service;

    @RolesAllowed("${patrol.identity.admin-role}")
    @GET
    @Path("policies")
    @Operation(summary = "The global policy")
    public Response global() {
        return Answers.of(service.current(null), AdminPolicyResource::tagged);
    }

    @RolesAllowed("${patrol.identity.admin-role}")
    @PUT
    @Path("policies")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Replace the global policy (If-Match: its version, to refuse overwriting a concurrent change)")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = PolicyView.class)))
    @APIResponse(
            responseCode = "409",
            description = "The version in If-Match is not the current one",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(
            responseCode = "422",
            description = "A rule is invalid",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<Response> setGlobal(@HeaderParam(HttpHeaders.IF_MATCH) String ifMatch, PolicyDocument body) {
        return service.set(null, ifMatch, body).map(o -> Answers.of(o, AdminPolicyResource::tagged));
    }

    @GET
    @Path("organizations/{organization}/policy")
    @Operation(summary = "An organization's policy (its own rules; the global ones apply where it sets none)")
    public Response organization(@PathParam("organization") String organization) {
        return Answers.of(service.current(organization), AdminPolicyResource::tagged);
    }

    @PUT
    @Path("organizations/{organization}/policy")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Replace an organization's policy")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = PolicyView.class)))
    public Uni<Response> setOrganization(
            @PathParam("organization") String organization,
            @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
            PolicyDocument body) {
        return service.set(organization, ifMatch, body).map(o -> Answers.of(o, AdminPolicyResource::tagged));
    }

    @RolesAllowed("${patrol.identity.admin-role}")
    @GET
    @Path("policies/history")
    @Operation(summary = "Every policy change, oldest first: who, when, and the policy it set")
    public Response history() {
        return Answers.of(service.history(), changes -> Response.ok(changes).build());
    }

    /** The policy with its version as the ETag, to send back as If-Match. */
    private static Response tagged(PolicyView view) {
        return Response.ok(view).tag(Long.toString(view.version())).build();
    }
}
