package dev.patrol.interop;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import dev.patrol.support.Pats;
import io.quarkus.test.junit.QuarkusTest;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.core.OAuth2AuthenticatedPrincipal;
import org.springframework.security.oauth2.server.resource.introspection.BadOpaqueTokenException;
import org.springframework.security.oauth2.server.resource.introspection.OpaqueTokenIntrospector;
import org.springframework.security.oauth2.server.resource.introspection.SpringOpaqueTokenIntrospector;

import static dev.patrol.support.Api.as;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * A Spring Security resource server's opaque-token introspector (the library, configured as
 * docs/introspection.md shows for spring.security.oauth2.resourceserver.opaquetoken.*) validates
 * PATs against the running Patrol: scopes become SCOPE_ authorities.
 */
@QuarkusTest
class SpringOpaqueTokenIntrospectionTest {

    private static OpaqueTokenIntrospector introspector() {
        String patrol = ConfigProvider.getConfig().getValue("test.url", String.class);
        return SpringOpaqueTokenIntrospector.withIntrospectionUri(patrol + "/oauth2/introspect")
                .clientId("resource-server")
                .clientSecret("dev-secret")
                .build();
    }

    @Test
    void activePatBecomesAPrincipalWithScopeAuthorities() {
        Pats.Pat pat = Pats.create("alice", List.of("code:read", "build:read"), null);
        OAuth2AuthenticatedPrincipal principal = introspector().introspect(pat.secret());
        assertEquals("alice", principal.getName());
        Set<String> authorities = principal.getAuthorities().stream()
                .map(GrantedAuthority::getAuthority)
                .collect(Collectors.toSet());
        assertEquals(Set.of("SCOPE_code:read", "SCOPE_build:read"), authorities);
    }

    @Test
    void revokedPatIsABadOpaqueToken() {
        Pats.Pat pat = Pats.create("alice", "code:read");
        as("alice").delete("/api/v1/tokens/" + pat.id()).then().statusCode(204);
        assertThrows(BadOpaqueTokenException.class, () -> introspector().introspect(pat.secret()));
    }

    @Test
    void expiredPatIsABadOpaqueToken() throws Exception {
        Pats.Pat pat = Pats.createExpired("alice", "code:read");
        assertThrows(BadOpaqueTokenException.class, () -> introspector().introspect(pat.secret()));
    }

    @Test
    void unknownPatIsABadOpaqueToken() {
        assertThrows(
                BadOpaqueTokenException.class,
                () -> introspector()
                        .introspect(dev.patrol.domain.TokenSecrets.generate("ptl", new java.util.Random())));
    }
}
