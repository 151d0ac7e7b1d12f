package dev.patrol.admin;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import dev.patrol.http.Answers;
import dev.patrol.http.Problem;
import dev.patrol.projection.ReadModelRebuild;
import dev.patrol.service.OperationsService;
import io.quarkus.oidc.BearerTokenAuthentication;
import io.smallrye.common.annotation.Blocking;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Operations on the read model, for administrators. */
@Path("/api/v1/admin/read-model")
@BearerTokenAuthentication
@RolesAllowed("${patrol.identity.admin-role}")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "admin")
public class AdminReadModelResource {

    @Inject
    OperationsService operations;

    @POST
    @Path("rebuild")
    @Blocking
    @Operation(
            summary = "Replay the events topic from the beginning into new read-model tables, then switch to them",
            description = "Validation and listings answer from the current tables while it runs; the switch locks "
                    + "them for milliseconds. Answers with what it replayed; 409 while another rebuild runs, "
                    + "503 if it could not finish (the current tables are then unchanged).")
    @APIResponse(
            responseCode = "200",
            content = @Content(schema = @Schema(implementation = ReadModelRebuild.Report.class)))
    @APIResponse(
            responseCode = "409",
            description = "Another rebuild is running",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(
            responseCode = "503",
            description = "The rebuild could not finish (PostgreSQL or Kafka); the current read model is unchanged",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response rebuild() {
        return Answers.of(operations.rebuild(), report -> Response.ok(report).build());
    }
}
