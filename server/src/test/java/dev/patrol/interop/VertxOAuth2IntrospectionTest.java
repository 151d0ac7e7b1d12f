package dev.patrol.interop;

import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import dev.patrol.support.Pats;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Vertx;
import io.vertx.ext.auth.User;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.oauth2.OAuth2Auth;
import io.vertx.ext.auth.oauth2.OAuth2Options;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static dev.patrol.support.Api.as;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A resource server built on Vert.x auth-oauth2 (the library, configured as docs/introspection.md
 * shows) validates PATs against the running Patrol with its own client credentials.
 */
@QuarkusTest
class VertxOAuth2IntrospectionTest {

    static Vertx vertx;
    static OAuth2Auth resourceServer;

    @BeforeAll
    static void resourceServer() {
        vertx = Vertx.vertx();
        String patrol = ConfigProvider.getConfig().getValue("test.url", String.class);
        resourceServer = OAuth2Auth.create(
                vertx,
                new OAuth2Options()
                        .setSite(patrol)
                        .setIntrospectionPath("/oauth2/introspect")
                        .setClientId("resource-server")
                        .setClientSecret("dev-secret"));
    }

    @AfterAll
    static void stop() {
        vertx.close();
    }

    private static User authenticate(String pat) throws Exception {
        return resourceServer
                .authenticate(new TokenCredentials(pat))
                .toCompletionStage()
                .toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
    }

    @Test
    void activePatIsAcceptedWithItsScopes() throws Exception {
        Pats.Pat pat = Pats.create("alice", List.of("code:read", "build:read"), null);
        User user = authenticate(pat.secret());
        assertEquals("alice", user.principal().getString("sub"));
        assertEquals("build:read code:read", user.principal().getString("scope"));
        assertTrue(!user.expired());
    }

    @Test
    void revokedPatIsRefused() {
        Pats.Pat pat = Pats.create("alice", "code:read");
        as("alice").delete("/api/v1/tokens/" + pat.id()).then().statusCode(204);
        assertRefusedAsInactive(pat.secret());
    }

    /** Refused because Patrol said {"active": false}, not for any other reason. */
    private static void assertRefusedAsInactive(String pat) {
        ExecutionException e = assertThrows(ExecutionException.class, () -> authenticate(pat));
        assertTrue(String.valueOf(e.getCause().getMessage()).toLowerCase().contains("inactive"), e.toString());
    }

    @Test
    void expiredPatIsRefused() throws Exception {
        Pats.Pat pat = Pats.createExpired("alice", "code:read");
        assertRefusedAsInactive(pat.secret());
    }
}
