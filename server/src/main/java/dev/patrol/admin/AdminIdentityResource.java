package dev.patrol.admin;

import java.util.Map;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import dev.patrol.http.Problem;
import dev.patrol.identity.IdentityChange;
import dev.patrol.identity.IdentityChanges;
import dev.patrol.identity.IdentityEventCodec;
import dev.patrol.service.Caller;
import io.quarkus.oidc.BearerTokenAuthentication;
import io.smallrye.mutiny.Uni;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Identity lifecycle events over REST, for identity providers that cannot write to Kafka: the same
 * CloudEvents (structured mode) as on {@code patrol.identity-events.v1}, applied at once.
 */
@Path("/api/v1/admin/identity-events")
@BearerTokenAuthentication
@RolesAllowed("${patrol.identity.admin-role}")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "admin")
public class AdminIdentityResource {

    @Inject
    IdentityEventCodec codec;

    @Inject
    IdentityChanges changes;

    @Inject
    Caller caller;

    @POST
    @Consumes({"application/cloudevents+json", MediaType.APPLICATION_JSON})
    @Operation(
            summary =
                    "Apply an identity event: user disabled, deleted, removed from an organization, organizations changed",
            description =
                    "Answers the owner's organizations afterwards and how many tokens were revoked (docs/identity.md).")
    public Uni<Response> apply(String body) {
        IdentityChange change;
        try {
            change = codec.structured(body);
        } catch (IdentityEventCodec.UnreadableEvent e) {
            return Uni.createFrom().item(Problem.invalid("event", e.getMessage()));
        }
        return changes.apply(change, caller.asAdmin())
                .map(o -> Response.ok(Map.of("organizations", o.organizations(), "revoked", o.tokensRevoked()))
                        .build())
                .onFailure()
                .recoverWithItem(e ->
                        Problem.response(503, "Service unavailable", "the event was not fully applied; send it again"));
    }
}
