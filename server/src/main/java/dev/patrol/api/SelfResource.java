package dev.patrol.api;

import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import dev.patrol.edge.ValidToken;
import dev.patrol.http.Answers;
import dev.patrol.http.Problem;
import dev.patrol.service.TokenService;
import dev.patrol.service.TokenView;
import dev.patrol.validation.ClientAddress;
import dev.patrol.validation.PatAuthenticationMechanism;
import dev.patrol.validation.PatIdentityProvider;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.security.annotation.HttpAuthenticationMechanism;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** A PAT about itself: authenticated by the PAT (Basic or Bearer), never by OIDC. */
@Path("/api/v1/tokens/self")
@HttpAuthenticationMechanism(PatAuthenticationMechanism.SCHEME)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "self", description = "Endpoints a personal access token calls about itself")
@APIResponse(
        responseCode = "401",
        description = "Missing, malformed, unknown, expired or revoked PAT",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
public class SelfResource {

    /** What a PAT may learn about itself. */
    public record SelfView(
            String id,
            String name,
            List<String> scopes,
            boolean allOrganizations,
            List<String> organizations,
            String expiresAt) {}

    @Inject
    SecurityIdentity identity;

    @Inject
    TokenService tokens;

    @Inject
    HttpServerRequest request;

    @Inject
    ClientAddress clientAddress;

    @GET
    @Authenticated
    @Operation(summary = "Describe the presented token")
    public SelfView self() {
        ValidToken t = identity.getAttribute(PatIdentityProvider.TOKEN_ATTRIBUTE);
        return new SelfView(
                t.tokenId().toString(),
                t.name(),
                t.scopes().stream().sorted().toList(),
                t.organizations().all(),
                t.organizations().named().stream().sorted().toList(),
                t.expiresAt().toString());
    }

    @POST
    @Path("rotate")
    @RolesAllowed("tokens:rotate-self")
    @Operation(
            summary = "Replace the presented token's secret (same id and family); the old secret dies",
            description = "Needs the tokens:rotate-self scope. Presenting the old secret afterwards revokes the token.")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = TokenView.class)))
    @APIResponse(
            responseCode = "403",
            description = "The token lacks tokens:rotate-self",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<Response> rotate() {
        ValidToken t = identity.getAttribute(PatIdentityProvider.TOKEN_ATTRIBUTE);
        return tokens.rotateSelf(t, clientAddress.presenter(request))
                .map(outcome -> Answers.of(outcome, view -> Answers.carryingSecret(Response.ok(view))));
    }
}
