package dev.patrol.api;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import static dev.patrol.support.Api.as;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

@QuarkusTest
class TokenRequestValidationTest {

    static Map<String, Object> body(Object... kv) {
        Map<String, Object> m =
                new java.util.HashMap<>(Map.of("name", "n", "scopes", List.of("code:read"), "allOrganizations", true));
        for (int i = 0; i < kv.length; i += 2) {
            if (kv[i + 1] == null) {
                m.remove((String) kv[i]);
            } else {
                m.put((String) kv[i], kv[i + 1]);
            }
        }
        return m;
    }

    void refused(Map<String, Object> body, int status, String field) {
        as("alice")
                .body(body)
                .post("/api/v1/tokens")
                .then()
                .statusCode(status)
                .contentType("application/problem+json")
                .body("field", equalTo(field))
                .body(not(containsString("Exception")));
    }

    @Test
    void unknownScopeIsUnprocessableNamingScopes() {
        refused(body("scopes", List.of("code:read", "root")), 422, "scopes");
        refused(body("scopes", List.of()), 422, "scopes");
    }

    @Test
    void nullInsideAListIsUnprocessableNamingTheList() {
        refused(body("scopes", java.util.Arrays.asList("code:read", null)), 422, "scopes");
        refused(
                body("allOrganizations", null, "organizations", java.util.Arrays.asList((String) null)),
                422,
                "organizations");
    }

    @Test
    void nullInsideAListOfAChangeIsUnprocessable() {
        String id = as("alice")
                .body(body())
                .post("/api/v1/tokens")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        as("alice")
                .body(Map.of("scopes", java.util.Arrays.asList((String) null)))
                .patch("/api/v1/tokens/" + id)
                .then()
                .statusCode(422)
                .body("field", equalTo("scopes"));
        as("alice")
                .body(Map.of("organizations", java.util.Arrays.asList((String) null)))
                .patch("/api/v1/tokens/" + id)
                .then()
                .statusCode(422)
                .body("field", equalTo("organizations"));
    }

    @Test
    void organizationNotTheCallersIsUnprocessable() {
        refused(body("allOrganizations", null, "organizations", List.of("initech")), 422, "organizations");
        refused(body("allOrganizations", null), 422, "organizations");
    }

    @Test
    void callersOwnOrganizationIsAccepted() {
        as("alice")
                .body(body("allOrganizations", null, "organizations", List.of("globex")))
                .post("/api/v1/tokens")
                .then()
                .statusCode(201)
                .body("organizations", equalTo(List.of("globex")));
    }

    @Test
    void expiryInThePastOrBeyondOneYearIsUnprocessable() {
        refused(body("expiresAt", Instant.now().minusSeconds(60).toString()), 422, "expiresAt");
        refused(body("expiresAt", Instant.now().plus(Duration.ofDays(400)).toString()), 422, "expiresAt");
        refused(body("lifetimeDays", 366), 422, "expiresAt");
        refused(body("lifetimeDays", 0), 422, "lifetimeDays");
    }

    @Test
    void badNameIsUnprocessable() {
        refused(body("name", " "), 422, "name");
        refused(body("name", "x".repeat(101)), 422, "name");
        refused(body("name", null), 422, "name");
    }

    @Test
    void malformedJsonUnknownFieldsAndWrongTypesAreBadRequests() {
        as("alice")
                .body("{\"name\": ")
                .post("/api/v1/tokens")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body(not(containsString("jackson")));
        as("alice")
                .body(body("admin", true))
                .post("/api/v1/tokens")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("detail", containsString("admin"));
        as("alice")
                .body(body("lifetimeDays", "soon"))
                .post("/api/v1/tokens")
                .then()
                .statusCode(400)
                .contentType("application/problem+json");
        as("alice").body("[]").post("/api/v1/tokens").then().statusCode(400).contentType("application/problem+json");
    }

    @Test
    void oversizedBodyIsRefused() {
        as("alice")
                .body(body("name", "x".repeat(70_000)))
                .post("/api/v1/tokens")
                .then()
                .statusCode(413)
                .contentType("application/problem+json");
    }

    @Test
    void patAsBearerIsRefusedWithAProblemSayingSo() {
        given().header("Authorization", "Bearer ptl_" + "a".repeat(49))
                .get("/api/v1/tokens")
                .then()
                .statusCode(401)
                .contentType("application/problem+json")
                .body("detail", containsString("Personal access tokens cannot manage tokens"));
        given().auth()
                .preemptive()
                .basic("git", "ptl_" + "a".repeat(49))
                .get("/api/v1/tokens")
                .then()
                .statusCode(401)
                .contentType("application/problem+json")
                .body("detail", containsString("Personal access tokens cannot manage tokens"));
    }

    @Test
    void noCredentialsIsUnauthorizedProblem() {
        given().get("/api/v1/tokens")
                .then()
                .statusCode(401)
                .contentType("application/problem+json")
                .header("WWW-Authenticate", containsString("Bearer"));
    }
}
