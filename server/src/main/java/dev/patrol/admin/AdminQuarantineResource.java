package dev.patrol.admin;

import java.util.List;
import java.util.Map;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import dev.patrol.http.Answers;
import dev.patrol.repository.Quarantine;
import dev.patrol.service.OperationsService;
import io.quarkus.oidc.BearerTokenAuthentication;
import io.smallrye.mutiny.Uni;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Records the projector would not apply, and lifting the refusal of the tokens they name. */
@Path("/api/v1/admin/quarantine")
@BearerTokenAuthentication
@RolesAllowed("${patrol.identity.admin-role}")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "admin")
public class AdminQuarantineResource {

    @Inject
    OperationsService operations;

    @GET
    @Operation(summary = "Unresolved dead-lettered records and the tokens they hold refused")
    public Uni<List<Quarantine.Entry>> unresolved() {
        return operations.quarantined();
    }

    @POST
    @Path("{tokenId}/resolve")
    @Operation(
            summary = "Accept the token again: its dead-lettered records were inspected and are harmless",
            description = "The records stay in the dead-letter topic; a rebuild keeps the resolution.")
    public Uni<Response> resolve(@PathParam("tokenId") String tokenId) {
        return operations
                .resolve(tokenId)
                .map(outcome -> Answers.of(
                        outcome, n -> Response.ok(Map.of("resolvedRecords", n)).build()));
    }
}
