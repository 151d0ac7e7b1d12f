package dev.patrol.api;

import java.util.List;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import dev.patrol.service.TokenService;
import io.quarkus.oidc.BearerTokenAuthentication;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;

/** The caller's organizations, from their OIDC identity. OAuth only: a PAT gets 401. */
@Path("/api/v1/organizations")
@BearerTokenAuthentication
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class OrganizationsResource {

    /** The organizations a token of the caller may be bound to. */
    public record Organizations(List<String> organizations) {}

    @Inject
    TokenService tokens;

    @GET
    public Uni<Organizations> organizations() {
        return tokens.organizations().map(Organizations::new);
    }
}
