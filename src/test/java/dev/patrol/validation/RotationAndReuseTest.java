package dev.patrol.validation;

import java.util.List;

import dev.patrol.support.Pats;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import static dev.patrol.support.Api.as;
import static dev.patrol.support.Pats.bearer;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

@QuarkusTest
class RotationAndReuseTest {

    @Test
    void rotationReplacesTheSecretKeepingIdAndFamily() {
        Pats.Pat pat = Pats.create("alice", List.of("tokens:rotate-self", "code:read"), null);
        String fresh = bearer(pat.secret())
                .post("/api/v1/tokens/self/rotate")
                .then()
                .statusCode(200)
                .body("id", equalTo(pat.id()))
                .body("familyId", equalTo(pat.id()))
                .body("token", not(equalTo(pat.secret())))
                .extract()
                .path("token");
        bearer(fresh).get("/api/v1/tokens/self").then().statusCode(200).body("id", equalTo(pat.id()));
    }

    @Test
    void presentingARotatedAwaySecretRevokesTheWholeToken() {
        Pats.Pat pat = Pats.create("alice", List.of("tokens:rotate-self"), null);
        String fresh = bearer(pat.secret())
                .post("/api/v1/tokens/self/rotate")
                .then()
                .statusCode(200)
                .extract()
                .path("token");
        bearer(pat.secret()).get("/api/v1/tokens/self").then().statusCode(401); // the stolen old secret
        bearer(fresh).get("/api/v1/tokens/self").then().statusCode(401); // family burnt
        as("alice")
                .get("/api/v1/tokens/" + pat.id())
                .then()
                .statusCode(200)
                .body("state", equalTo("revoked"))
                .body("revokeReason", equalTo("reuse-detected"));
    }

    @Test
    void presentingARegeneratedAwaySecretRevokesTheToken() {
        Pats.Pat pat = Pats.create("bob", "code:read");
        bearer(pat.secret()).get("/auth/check?scope=any").then().statusCode(200);
        as("bob").post("/api/v1/tokens/" + pat.id() + "/regenerate").then().statusCode(200);
        bearer(pat.secret()).get("/auth/check?scope=any").then().statusCode(401);
        as("bob").get("/api/v1/tokens/" + pat.id()).then().body("revokeReason", equalTo("reuse-detected"));
    }
}
