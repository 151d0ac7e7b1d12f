package dev.patrol.api;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import dev.patrol.projection.ReadModelRebuild;
import io.quarkus.oidc.BearerTokenAuthentication;
import io.smallrye.common.annotation.Blocking;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Operations on the read model, for administrators. */
@Path("/api/v1/admin/read-model")
@BearerTokenAuthentication
@RolesAllowed("${patrol.identity.admin-role}")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "admin")
public class AdminReadModelResource {

    @Inject
    ReadModelRebuild rebuild;

    @POST
    @Path("rebuild")
    @Blocking
    @Operation(
            summary = "Replay the events topic from the beginning into empty read-model tables",
            description = "Validation and listing wait while it runs; it answers with what it replayed.")
    public ReadModelRebuild.Report rebuild() {
        return rebuild.rebuild();
    }
}
