package dev.patrol.validation;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.patrol.domain.TokenSecrets;
import dev.patrol.support.Pats;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import static dev.patrol.support.Api.as;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What Patrol puts in the JWT that {@code /auth/check?jwt=AUDIENCE} answers for the gateway to
 * forward, when it mints one and when it refuses to (the {@code %test} profile signs with dev-2 and
 * allows the audiences orders-api and billing-api). Verification by a service's own library is
 * {@code interop.JwtVerifiedLocallyTest}.
 */
@QuarkusTest
class GatewayJwtTest {

    static final String CHECK = "/auth/check?scope=code:read&jwt=orders-api";

    private static Response check(String secret, String uri) {
        return Pats.bearer(secret).get(uri);
    }

    static JsonNode part(String jwt, int index) throws Exception {
        String[] parts = jwt.split("\\.");
        assertEquals(3, parts.length, jwt);
        return new ObjectMapper().readTree(Base64.getUrlDecoder().decode(parts[index]));
    }

    @Test
    void aPassingPatIsAnsweredWithAShortLivedJwtOfItsOwnerAndScopesAndNothingSecret() throws Exception {
        Pats.Pat pat = Pats.create("alice", List.of("code:read", "build:read"), List.of("acme"));
        Response r = check(pat.secret(), CHECK);
        assertEquals(200, r.statusCode(), r.asString());
        String jwt = r.header("X-Patrol-Jwt");
        assertNotNull(jwt);
        JsonNode header = part(jwt, 0);
        assertEquals("ES256", header.path("alg").asText());
        assertEquals("at+jwt", header.path("typ").asText());
        assertEquals("dev-2", header.path("kid").asText());
        JsonNode claims = part(jwt, 1);
        assertEquals("alice", claims.path("sub").asText());
        assertEquals(
                "orders-api",
                claims.path("aud").isArray()
                        ? claims.path("aud").get(0).asText()
                        : claims.path("aud").asText());
        assertEquals("build:read code:read", claims.path("scope").asText());
        assertEquals("[\"acme\"]", claims.path("organizations").toString());
        assertEquals(pat.id(), claims.path("client_id").asText());
        assertEquals(
                TokenSecrets.displayHint(pat.secret()),
                claims.path("token_hint").asText());
        assertFalse(claims.path("jti").asText().isEmpty());
        long lifetime = claims.path("exp").asLong() - claims.path("iat").asLong();
        assertTrue(lifetime > 0 && lifetime <= 60, "lifetime " + lifetime);
        String decoded = new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]), StandardCharsets.UTF_8);
        assertFalse(decoded.contains(pat.secret()), decoded);
        assertFalse(decoded.contains(TokenSecrets.hash(pat.secret())), decoded);
        // Asked without jwt, the same check answers no JWT.
        assertNull(check(pat.secret(), "/auth/check?scope=code:read").header("X-Patrol-Jwt"));
    }

    @Test
    void theJwtIsMintedOncePerCacheEntryAndAChangedTokenGetsANewOne() throws Exception {
        Pats.Pat pat = Pats.create("alice", "code:read", "build:read");
        String first = check(pat.secret(), CHECK).header("X-Patrol-Jwt");
        assertEquals(first, check(pat.secret(), CHECK).header("X-Patrol-Jwt"));
        // Another audience: another JWT.
        String billing = check(pat.secret(), "/auth/check?scope=code:read&jwt=billing-api")
                .header("X-Patrol-Jwt");
        assertNotEquals(first, billing);
        // The scopes change: the cache entry is replaced, and its JWT with it.
        as("alice")
                .body(Map.of("scopes", List.of("code:read")))
                .patch("/api/v1/tokens/" + pat.id())
                .then()
                .statusCode(200);
        Awaitility.await()
                .atMost(java.time.Duration.ofSeconds(10))
                .until(() -> part(check(pat.secret(), CHECK).header("X-Patrol-Jwt"), 1)
                        .path("scope")
                        .asText()
                        .equals("code:read"));
    }

    @Test
    void aJwtNeverOutlivesItsPat() throws Exception {
        Instant expiry = Instant.now().plusSeconds(20);
        String secret = Pats.createExpiringAt("alice", "code:read", expiry).secret();
        JsonNode claims = part(check(secret, CHECK).header("X-Patrol-Jwt"), 1);
        assertTrue(claims.path("exp").asLong() <= expiry.getEpochSecond(), claims.toString());
    }

    @Test
    void anAudienceTheDeploymentDidNotNameOrAJwtWithModeIsRefusedWithAProblem() {
        Pats.Pat pat = Pats.create("alice", "code:read");
        for (String uri : List.of(
                "/auth/check?scope=code:read&jwt=payroll-api",
                "/auth/check?scope=code:read&jwt=",
                "/auth/check?scope=code:read&jwt=orders-api&mode=any")) {
            Response r = check(pat.secret(), uri);
            assertEquals(400, r.statusCode(), uri);
            assertEquals("application/problem+json", r.contentType(), uri);
            assertNull(r.header("X-Patrol-Jwt"), uri);
        }
    }

    @Test
    void aPatThatDoesNotPassGetsNoJwt() {
        Pats.Pat reader = Pats.create("alice", "build:read");
        Response forbidden = check(reader.secret(), CHECK);
        assertEquals(403, forbidden.statusCode());
        assertNull(forbidden.header("X-Patrol-Jwt"));
        Pats.Pat revoked = Pats.create("alice", "code:read");
        assertEquals(200, check(revoked.secret(), CHECK).statusCode());
        as("alice").delete("/api/v1/tokens/" + revoked.id()).then().statusCode(204);
        Response refused = check(revoked.secret(), CHECK);
        assertEquals(401, refused.statusCode());
        assertNull(refused.header("X-Patrol-Jwt"));
        assertEquals(401, given().get(CHECK).statusCode());
    }

    @Test
    void theKeysArePublishedWithoutTheirPrivatePartsAndNamedInTheMetadata() throws Exception {
        String jwksUri = given().get("/.well-known/oauth-authorization-server")
                .then()
                .statusCode(200)
                .extract()
                .path("jwks_uri");
        assertTrue(jwksUri.endsWith("/.well-known/jwks.json"), jwksUri);
        String body = given().get("/.well-known/jwks.json")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        JsonNode keys = new ObjectMapper().readTree(body).path("keys");
        assertEquals(2, keys.size(), body);
        assertEquals("dev-2", keys.get(0).path("kid").asText());
        assertEquals("dev-1", keys.get(1).path("kid").asText());
        assertFalse(body.contains("\"d\""), body);
    }
}
