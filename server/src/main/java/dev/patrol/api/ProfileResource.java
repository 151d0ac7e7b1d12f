package dev.patrol.api;

import java.util.Set;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import io.quarkus.oidc.BearerTokenAuthentication;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** The signed-in person as their OIDC identity describes them. OAuth only: a PAT gets 401. */
@Path("/api/v1/profile")
@BearerTokenAuthentication
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class ProfileResource {

    /** What Patrol knows of the caller. */
    public record Profile(String subject, String username, Set<String> roles) {}

    @Inject
    SecurityIdentity identity;

    @Inject
    JsonWebToken jwt;

    @GET
    public Profile profile() {
        String username = jwt.getClaim("preferred_username");
        return new Profile(
                jwt.getSubject(),
                username != null ? username : identity.getPrincipal().getName(),
                identity.getRoles());
    }
}
