package dev.patrol.governance;

import java.util.List;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import static dev.patrol.support.Api.as;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Whatever an administrator sends, the answer is a 4xx problem, never a 500 or a stack trace. */
@QuarkusTest
class GovernanceBadInputTest {

    static void isAProblem(Response r, String what) {
        assertTrue(r.statusCode() >= 400 && r.statusCode() < 500, what + " answered " + r.statusCode());
        assertEquals("application/problem+json", r.contentType(), what);
        assertTrue(
                !r.asString().contains("Exception") && !r.asString().contains("dev.patrol"),
                what + ": " + r.asString());
    }

    @Test
    void badQueryParametersPathsAndBodiesAreProblemsNeverErrors() {
        isAProblem(as("alice").get("/api/v1/admin/tokens?limit=abc"), "limit=abc");
        isAProblem(as("alice").get("/api/v1/admin/tokens?limit=0"), "limit=0");
        isAProblem(as("alice").get("/api/v1/admin/tokens?neverUsed=maybe"), "neverUsed=maybe");
        isAProblem(as("alice").get("/api/v1/admin/tokens?state=gone"), "state=gone");
        isAProblem(as("alice").get("/api/v1/admin/tokens?cursor=%00%ff"), "bad cursor");
        isAProblem(as("alice").get("/api/v1/admin/tokens?lastUsedBefore=1.1.2020"), "bad instant");
        isAProblem(as("alice").queryParam("reason", "x").delete("/api/v1/admin/tokens/not-a-uuid"), "bad id");
        isAProblem(as("alice").body("{\"reason\":").post("/api/v1/admin/users/x/revoke-all"), "truncated JSON");
        isAProblem(
                as("alice").body("{\"reason\":\"" + "r".repeat(600) + "\"}").post("/api/v1/admin/users/x/revoke-all"),
                "long reason");
        isAProblem(as("alice").body("{\"maxLifetimeDays\":\"abc\"}").put("/api/v1/admin/policies"), "string days");
        isAProblem(as("alice").body("{\"maxLifetimeDays\":1e400}").put("/api/v1/admin/policies"), "huge days");
        isAProblem(as("alice").body("{\"allowedScopes\":[null]}").put("/api/v1/admin/policies"), "null scope");
        isAProblem(as("alice").body("{\"unknownRule\":1}").put("/api/v1/admin/policies"), "unknown rule");
        isAProblem(as("alice").body("[]").put("/api/v1/admin/policies"), "array body");
        isAProblem(as("alice").header("If-Match", "W/\"x\"").body("{}").put("/api/v1/admin/policies"), "bad If-Match");
        isAProblem(
                as("alice").urlEncodingEnabled(false).body("{}").put("/api/v1/admin/organizations/%20/policy"),
                "blank organization");
        isAProblem(as("alice").get("/api/v1/admin/leaks?limit=1000"), "limit=1000");
        isAProblem(
                as("alice")
                        .contentType("application/cloudevents+json")
                        .body("{\"specversion\":\"1.0\",\"type\":"
                                + "\"dev.patrol.identity.user.organizations-changed.v1\",\"id\":\"1\",\"data\":{\"subject\":\"s\","
                                + "\"organizations\":[1]}}")
                        .post("/api/v1/admin/identity-events"),
                "numeric organization");
        isAProblem(
                as("alice")
                        .contentType("application/cloudevents+json")
                        .body("[")
                        .post("/api/v1/admin/identity-events"),
                "not JSON");
        for (String body : List.of("{\"token\":1}", "[{\"token\":[\"x\"]}]", "[null]", "{}")) {
            isAProblem(
                    io.restassured.RestAssured.given()
                            .contentType("application/json")
                            .body(body)
                            .post("/api/v1/leaks"),
                    body);
        }
    }
}
