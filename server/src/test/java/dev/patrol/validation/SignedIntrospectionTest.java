package dev.patrol.validation;

import java.net.URI;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.patrol.support.Pats;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import static dev.patrol.support.Api.as;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * RFC 9701: a registered resource server that accepts {@code application/token-introspection+jwt}
 * gets the introspection answer as a JWT signed with a key of {@code /.well-known/jwks.json},
 * addressed to it; everyone else keeps the plain JSON.
 */
@QuarkusTest
class SignedIntrospectionTest {

    @ConfigProperty(name = "patrol.ui.base-url")
    String issuer;

    private static Response introspect(String token) {
        return given().contentType("application/x-www-form-urlencoded")
                .accept("application/token-introspection+jwt")
                .auth()
                .preemptive()
                .basic("resource-server", "dev-secret")
                .formParam("token", token)
                .post("/oauth2/introspect");
    }

    /** The JWT's claims once its signature has been verified with the published key its kid names. */
    private static JWTClaimsSet verified(String jwt) throws Exception {
        SignedJWT signed = SignedJWT.parse(jwt);
        assertEquals(
                new JOSEObjectType("token-introspection+jwt"),
                signed.getHeader().getType());
        String patrol = ConfigProvider.getConfig().getValue("test.url", String.class);
        JWKSet keys = JWKSet.load(URI.create(patrol + "/.well-known/jwks.json").toURL());
        var key = keys.getKeyByKeyId(signed.getHeader().getKeyID()).toECKey();
        assertTrue(signed.verify(new ECDSAVerifier(key)), "signature");
        return signed.getJWTClaimsSet();
    }

    @Test
    void aRegisteredResourceServerGetsTheAnswerSignedAndAddressedToIt() throws Exception {
        Pats.Pat pat = Pats.create("alice", List.of("code:read"), List.of("acme"));
        Response r = introspect(pat.secret());
        assertEquals(200, r.statusCode(), r.asString());
        assertTrue(r.contentType().startsWith("application/token-introspection+jwt"), r.contentType());
        assertEquals("no-store", r.header("Cache-Control"));
        JWTClaimsSet claims = verified(r.asString());
        assertEquals(issuer, claims.getIssuer());
        assertEquals(List.of("resource-server"), claims.getAudience());
        Map<String, Object> answer = claims.getJSONObjectClaim("token_introspection");
        assertEquals(true, answer.get("active"));
        assertEquals("alice", answer.get("sub"));
        assertEquals("code:read", answer.get("scope"));
        assertEquals(pat.id(), answer.get("client_id"));
    }

    @Test
    void anInactiveTokenIsSignedInactiveAndAnOidcCallerIsRefusedASignedAnswer() throws Exception {
        Pats.Pat pat = Pats.create("alice", "code:read");
        as("alice").delete("/api/v1/tokens/" + pat.id()).then().statusCode(204);
        JWTClaimsSet claims = verified(introspect(pat.secret()).asString());
        assertEquals(Map.of("active", false), claims.getJSONObjectClaim("token_introspection"));
        // An OIDC caller (the introspection role) has no registered id to address the answer to.
        Response oidc = as("gateway")
                .contentType("application/x-www-form-urlencoded")
                .accept("application/token-introspection+jwt")
                .formParam("token", Pats.create("alice", "code:read").secret())
                .post("/oauth2/introspect");
        assertEquals(406, oidc.statusCode(), oidc.asString());
        assertEquals("application/problem+json", oidc.contentType());
    }
}
