package dev.patrol.interop;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;

import io.quarkus.security.identity.SecurityIdentity;

/**
 * A service behind the gateway, in the test application only: Quarkus OIDC's tenant "orders"
 * (application.properties, %test) verifies the JWT Patrol minted for audience orders-api with the
 * keys at /.well-known/jwks.json, and maps its scopes to roles.
 */
@Path("/test/orders")
public class OrdersApi {

    @Inject
    SecurityIdentity identity;

    @GET
    @RolesAllowed("code:read")
    public String orders() {
        return "orders-api verified " + identity.getPrincipal().getName() + " "
                + new java.util.TreeSet<>(identity.getRoles());
    }
}
