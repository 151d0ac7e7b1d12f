package dev.patrol.validation;

import java.util.Map;

import dev.patrol.support.Pats;
import dev.patrol.support.SecondInstance;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.junit.jupiter.api.Test;

import static dev.patrol.support.Api.as;
import static org.hamcrest.Matchers.equalTo;

/**
 * RFC 7009 revocation is unauthenticated and each call with a well-formed secret may cost a database
 * lookup: it is held to the same per-client lookup budget as validation. An instance that allows a
 * client no lookups at all shows it without a race: the revocation answers 429 and changes nothing.
 */
@QuarkusTest
class UnauthenticatedLookupsShareTheBudgetIT {

    @Test
    void aRevocationBeyondTheClientsLookupShareIs429AndRevokesNothing() throws Exception {
        Pats.Pat pat = Pats.create("bob", "code:read");
        try (SecondInstance b = SecondInstance.start(Map.of("PATROL_VALIDATION_MAX_LOOKUPS_PER_CLIENT", "0"))) {
            RestAssured.given()
                    .baseUri(b.baseUrl())
                    .contentType("application/x-www-form-urlencoded")
                    .formParam("token", pat.secret())
                    .post("/oauth2/revoke")
                    .then()
                    .statusCode(429)
                    .contentType("application/problem+json")
                    .header("Retry-After", "1");
            RestAssured.given()
                    .baseUri(b.baseUrl())
                    .header("Authorization", "Bearer " + pat.secret())
                    .get("/auth/check?scope=any")
                    .then()
                    .statusCode(429);
        }
        as("bob").get("/api/v1/tokens/" + pat.id()).then().body("state", equalTo("active"));
    }
}
