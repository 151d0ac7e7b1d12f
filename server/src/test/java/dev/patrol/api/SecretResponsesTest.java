package dev.patrol.api;

import java.util.List;

import dev.patrol.support.Api;
import dev.patrol.support.Pats;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.Test;

import static dev.patrol.support.Api.as;
import static dev.patrol.support.Pats.bearer;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

/** A plaintext secret is shown once: no cache between Patrol and the person may keep a copy. */
@QuarkusTest
class SecretResponsesTest {

    private static void notStorable(ValidatableResponse r) {
        r.header("Cache-Control", equalTo("no-store")).header("Pragma", equalTo("no-cache"));
    }

    @Test
    void createRegenerateAndRotateForbidCaching() {
        Pats.Pat pat = Pats.create("alice", List.of("tokens:rotate-self"), null);
        notStorable(Api.create("alice", "ci", "code:read").statusCode(201));
        notStorable(as("alice")
                .post("/api/v1/tokens/" + pat.id() + "/regenerate")
                .then()
                .statusCode(200));
        String current = as("alice")
                .post("/api/v1/tokens/" + pat.id() + "/regenerate")
                .then()
                .statusCode(200)
                .extract()
                .path("token");
        notStorable(bearer(current).post("/api/v1/tokens/self/rotate").then().statusCode(200));
    }

    @Test
    void responsesWithoutASecretStayCacheable() {
        Pats.Pat pat = Pats.create("alice", "code:read");
        as("alice")
                .get("/api/v1/tokens/" + pat.id())
                .then()
                .statusCode(200)
                .body("token", nullValue())
                .header("Pragma", nullValue());
    }
}
