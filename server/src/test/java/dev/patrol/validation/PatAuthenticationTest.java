package dev.patrol.validation;

import java.time.Duration;
import java.util.List;

import dev.patrol.support.Pats;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import static dev.patrol.support.Api.as;
import static dev.patrol.support.Pats.basic;
import static dev.patrol.support.Pats.bearer;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

@QuarkusTest
class PatAuthenticationTest {

    @Test
    void patAuthenticatesAsBasicPasswordWithAnyUsernameAndAsBearer() {
        Pats.Pat pat = Pats.create("alice", "code:read");
        for (var request : List.of(
                basic("git", pat.secret()),
                basic("", pat.secret()),
                basic("x-access-token", pat.secret()),
                bearer(pat.secret()))) {
            request.get("/api/v1/tokens/self")
                    .then()
                    .statusCode(200)
                    .body("id", equalTo(pat.id()))
                    .body("scopes", equalTo(List.of("code:read")))
                    .header("X-Patrol-Token-Expires", notNullValue());
        }
    }

    @Test
    void validPatCannotManageTokens() {
        Pats.Pat pat = Pats.create("alice", "full_access");
        bearer(pat.secret())
                .get("/api/v1/tokens")
                .then()
                .statusCode(401)
                .contentType("application/problem+json")
                .body("detail", containsString("Personal access tokens cannot manage tokens"));
        basic("git", pat.secret())
                .post("/api/v1/tokens/" + pat.id() + "/regenerate")
                .then()
                .statusCode(401);
        bearer(pat.secret()).post("/api/v1/admin/read-model/rebuild").then().statusCode(401);
    }

    @Test
    void oauthOnlyEndpointsRefusePatsAndAcceptOidc() {
        Pats.Pat pat = Pats.create("alice", "full_access");
        for (String path : List.of("/api/v1/profile", "/api/v1/organizations")) {
            bearer(pat.secret())
                    .get(path)
                    .then()
                    .statusCode(401)
                    .contentType("application/problem+json")
                    .body("detail", containsString("Personal access tokens are not accepted here"));
            basic("git", pat.secret()).get(path).then().statusCode(401).contentType("application/problem+json");
            as("alice").get(path).then().statusCode(200);
        }
        as("alice").get("/api/v1/organizations").then().body("organizations", equalTo(List.of("acme", "globex")));
    }

    @Test
    void lastUseIsRecordedAndShown() {
        Pats.Pat pat = Pats.create("bob", "build:read");
        bearer(pat.secret())
                .header("User-Agent", "ci-runner/1.0")
                .get("/api/v1/tokens/self")
                .then()
                .statusCode(200);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> as("bob")
                                .get("/api/v1/tokens/" + pat.id())
                                .then()
                                .extract()
                                .path("lastUsedAt")
                        != null);
        as("bob")
                .get("/api/v1/tokens/" + pat.id())
                .then()
                .body("lastUsedUserAgent", equalTo("ci-runner/1.0"))
                .body("lastUsedIp", notNullValue());
    }

    @Test
    void oidcTokenIsNotAPatForSelf() {
        as("alice").get("/api/v1/tokens/self").then().statusCode(401).contentType("application/problem+json");
    }
}
