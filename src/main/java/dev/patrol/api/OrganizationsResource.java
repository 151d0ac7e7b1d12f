package dev.patrol.api;

import java.util.List;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import dev.patrol.repository.OwnerOrganizations;
import dev.patrol.service.Caller;
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
    Caller caller;

    @Inject
    OwnerOrganizations owners;

    @GET
    public Uni<Organizations> organizations() {
        var orgs = caller.organizations();
        return owners.remember(caller.subject(), orgs, caller.issuedAt(), caller.email())
                .replaceWith(new Organizations(orgs.stream().sorted().toList()));
    }
}
