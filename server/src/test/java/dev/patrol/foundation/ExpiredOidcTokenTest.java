package dev.patrol.foundation;

import java.time.Duration;
import java.util.Map;

import dev.patrol.support.DevOidc;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;

/** Needs short-lived tokens from the dev provider, hence its own (small) profile. */
@QuarkusTest
@TestProfile(ExpiredOidcTokenTest.ShortLivedTokens.class)
class ExpiredOidcTokenTest {

    public static class ShortLivedTokens implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "quarkus.oidc.devservices.access-token-expires-in", "3S", "quarkus.oidc.token.lifespan-grace", "0");
        }
    }

    @Test
    void tokenIsAcceptedUntilItExpiresThenUnauthorized() throws InterruptedException {
        // The first request after this profile's restart fetches the provider's keys and loads the
        // classes of the path: on a loaded machine that alone once outlasted a short token's life.
        given().auth().oauth2(DevOidc.accessToken("bob")).get("/api/v1/profile");
        String token = DevOidc.accessToken("bob");
        given().auth().oauth2(token).get("/api/v1/profile").then().statusCode(200);
        Thread.sleep(Duration.ofSeconds(5).toMillis());
        given().auth().oauth2(token).get("/api/v1/profile").then().statusCode(401);
    }
}
