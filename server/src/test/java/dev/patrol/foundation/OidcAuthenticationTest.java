package dev.patrol.foundation;

import java.time.Instant;

import dev.patrol.support.DevOidc;
import dev.patrol.support.TestKeys;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.jwt.build.Jwt;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

@QuarkusTest
class OidcAuthenticationTest {

    @Test
    void profileWithoutCredentialsIsUnauthorized() {
        given().get("/api/v1/profile").then().statusCode(401);
    }

    @Test
    void profileWithTokenFromDevProviderShowsTheCaller() {
        given().auth()
                .oauth2(DevOidc.accessToken("alice"))
                .get("/api/v1/profile")
                .then()
                .statusCode(200)
                .body("username", startsWith("alice"))
                .body("roles", hasItem("admin"));
    }

    @Test
    void jwtSignedByAnotherKeyIsUnauthorized() throws Exception {
        var attackerKeys = TestKeys.stranger();
        String forged = Jwt.issuer(DevOidc.issuer())
                .subject("alice")
                .claim("preferred_username", "alice")
                .groups("admin")
                .expiresAt(Instant.now().plusSeconds(600))
                .jws()
                .keyId("forged")
                .sign(attackerKeys.getPrivate());
        given().auth().oauth2(forged).get("/api/v1/profile").then().statusCode(401);
    }

    @Test
    void realTokenWithTamperedPayloadIsUnauthorized() {
        String[] parts = DevOidc.accessToken("bob").split("\\.");
        String original = new String(java.util.Base64.getUrlDecoder().decode(parts[1]));
        String payload = original.replace("bob", "alice");
        assertNotEquals(original, payload);
        String tampered = parts[0] + "."
                + java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(payload.getBytes()) + "." + parts[2];
        given().auth().oauth2(tampered).get("/api/v1/profile").then().statusCode(401);
    }
}
