package dev.patrol.gateway;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import dev.patrol.config.PatrolConfig;
import dev.patrol.domain.ScopeCatalogue;
import dev.patrol.http.Problem;
import dev.patrol.service.TokenService;
import io.vertx.core.http.HttpServerRequest;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * What a resource server, a gateway or a CLI needs to find Patrol's endpoints and scopes without
 * being told: RFC 8414 authorization server metadata and the scope catalogue.
 */
@Path("/")
@PermitAll
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "discovery")
public class DiscoveryResource {

    /** One scope of the catalogue. */
    public record ScopeView(String name, String description) {}

    @Inject
    TokenService tokens;

    @Inject
    Issuer issuer;

    @Inject
    PatrolConfig config;

    @Inject
    JwtMinter jwts;

    @ConfigProperty(name = "quarkus.oidc.auth-server-url")
    Optional<String> oidcIssuer;

    @GET
    @Path(".well-known/oauth-authorization-server")
    @Operation(summary = "RFC 8414 metadata: introspection and revocation endpoints, auth methods, scopes")
    public Map<String, Object> metadata(@Context HttpServerRequest request) {
        String issuer = this.issuer.of(request);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("issuer", issuer);
        m.put("introspection_endpoint", issuer + "/oauth2/introspect");
        m.put("introspection_endpoint_auth_methods_supported", List.of("client_secret_basic", "client_secret_post"));
        m.put("revocation_endpoint", issuer + "/oauth2/revoke");
        // RFC 7009: whoever holds a token may revoke it, without client authentication.
        m.put("revocation_endpoint_auth_methods_supported", List.of("none"));
        m.put("scopes_supported", scopeNames());
        // The keys of the JWTs /auth/check?jwt=AUDIENCE mints (docs/protecting-an-api.md).
        m.put("jwks_uri", issuer + "/.well-known/jwks.json");
        // Patrol issues tokens through its own API, not through OAuth flows.
        m.put("response_types_supported", List.of());
        m.put("grant_types_supported", List.of());
        return m;
    }

    @GET
    @Path(".well-known/jwks.json")
    @Produces({"application/jwk-set+json", MediaType.APPLICATION_JSON})
    @Operation(summary = "The public keys (JWK Set) that verify the JWTs /auth/check mints for gateways")
    public String jwks() {
        return jwts.publishedKeys();
    }

    @GET
    @Path(".well-known/patrol-cli")
    @Operation(summary = "Which OIDC provider and client the command line signs in with (docs/cli.md)")
    @APIResponse(responseCode = "200", description = "issuer, client_id, scope (and a public client secret if set)")
    @APIResponse(
            responseCode = "404",
            description = "No client is configured for the command line",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response cli() {
        var cli = config.cli();
        if (cli.clientId().isEmpty()) {
            return Problem.response(
                    404,
                    "No command-line login here",
                    "This Patrol offers no OIDC client to the command line (patrol.cli.client-id is not set).");
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("issuer", cli.issuer().orElseGet(() -> oidcIssuer.orElse(null)));
        m.put("client_id", cli.clientId().get());
        cli.publicClientSecret().ifPresent(s -> m.put("client_secret", s));
        m.put("scope", cli.scope());
        return Response.ok(m).build();
    }

    @GET
    @Path("api/v1/scopes")
    @Operation(summary = "The scope catalogue, with what each scope allows")
    public List<ScopeView> scopes() {
        return scopeNames().stream()
                .map(s -> new ScopeView(s, ScopeCatalogue.describe(s)))
                .toList();
    }

    private List<String> scopeNames() {
        return tokens.scopes();
    }
}
