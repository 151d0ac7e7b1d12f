package dev.patrol.validation;

import dev.patrol.support.Pats;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import static dev.patrol.support.Pats.bearer;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;

/**
 * What {@code /auth/check} demands of the gateway: an explicit scope (or {@code any}), or the
 * original method and URI judged by the route table ({@code %test} table in application.properties).
 */
@QuarkusTest
class GatewayContractTest {

    @Test
    void checkWithoutScopeOrOriginalUriIsABadRequestNotAPass() {
        Pats.Pat pat = Pats.create("alice", "code:read");
        bearer(pat.secret())
                .get("/auth/check")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("detail", containsString("scope=any"));
        bearer(pat.secret())
                .queryParam("scope", "any")
                .get("/auth/check")
                .then()
                .statusCode(200);
    }

    @Test
    void unknownScopeIsABadRequestAndIsNotReflected() {
        Pats.Pat pat = Pats.create("alice", "code:read");
        String hostile = "code:read\", error=\"none\"\r\nX-Evil: 1";
        bearer(pat.secret())
                .queryParam("scope", hostile)
                .get("/auth/check")
                .then()
                .statusCode(400)
                .header("WWW-Authenticate", org.hamcrest.Matchers.nullValue())
                .header("X-Evil", org.hamcrest.Matchers.nullValue())
                .body(not(containsString("X-Evil")));
        bearer(pat.secret())
                .queryParam("scope", "code:raed")
                .get("/auth/check")
                .then()
                .statusCode(400);
    }

    @Test
    void routeTableDerivesTheScopeFromTheOriginalRequest() {
        Pats.Pat reader = Pats.create("alice", "code:read");
        bearer(reader.secret())
                .header("X-Original-Method", "GET")
                .header("X-Original-URI", "/repos/acme/app.git/info/refs?service=git-upload-pack")
                .get("/auth/check")
                .then()
                .statusCode(200);
        bearer(reader.secret())
                .header("X-Original-Method", "POST")
                .header("X-Original-URI", "/repos/acme/app.git/git-receive-pack")
                .get("/auth/check")
                .then()
                .statusCode(403)
                .header("WWW-Authenticate", containsString("scope=\"code:write\""));
        Pats.Pat writer = Pats.create("alice", "code:write");
        bearer(writer.secret())
                .header("X-Original-Method", "POST")
                .header("X-Original-URI", "/repos/acme/app.git/git-receive-pack")
                .get("/auth/check")
                .then()
                .statusCode(200);
    }

    @Test
    void originalRequestNoRouteMatchesIsDenied() {
        Pats.Pat pat = Pats.create("alice", "full_access");
        bearer(pat.secret())
                .header("X-Original-Method", "DELETE")
                .header("X-Original-URI", "/repos/acme/app.git")
                .get("/auth/check")
                .then()
                .statusCode(403);
        bearer(pat.secret())
                .header("X-Original-Method", "GET")
                .header("X-Original-URI", "/public/../admin")
                .get("/auth/check")
                .then()
                .statusCode(403);
        bearer(pat.secret())
                .header("X-Original-Method", "GET")
                .header("X-Original-URI", "/public/readme.md")
                .get("/auth/check")
                .then()
                .statusCode(200);
    }

    @Test
    void anOriginalUriTheClientCouldHaveWrittenIsDenied() {
        Pats.Pat pat = Pats.create("alice", "full_access");
        // The configured header (X-Original-URI here) with another one the gateway passed through:
        // the client wrote one of them, and nobody can tell which.
        bearer(pat.secret())
                .header("X-Original-Method", "GET")
                .header("X-Original-URI", "/public/readme.md")
                .header("X-Original-URL", "https://git.example.com/admin/users")
                .get("/auth/check")
                .then()
                .statusCode(403)
                .body("detail", containsString("X-Original-URI alone"));
        // The configured header twice.
        bearer(pat.secret())
                .header("X-Original-Method", "GET")
                .header("X-Original-URI", "/public/readme.md")
                .header("X-Original-URI", "/admin/users")
                .get("/auth/check")
                .then()
                .statusCode(403);
        // Another gateway's header alone is not this deployment's: denied, not judged.
        bearer(pat.secret())
                .header("X-Original-Method", "GET")
                .header("X-Original-URL", "https://git.example.com/public/readme.md")
                .get("/auth/check")
                .then()
                .statusCode(403);
    }

    @Test
    void routeDeniesBeforeAnyCredentialIsConsidered() {
        io.restassured.RestAssured.given()
                .header("X-Original-Method", "GET")
                .header("X-Original-URI", "/elsewhere")
                .get("/auth/check")
                .then()
                .statusCode(403)
                .contentType("application/problem+json");
    }
}
