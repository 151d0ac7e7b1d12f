package dev.patrol.validation;

import dev.patrol.support.Pats;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import static dev.patrol.support.Pats.bearer;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

/** What Envoy's HTTP ext_authz sends: the original method, the original path after the prefix. */
@QuarkusTest
class EnvoyCheckTest {

    @Test
    void theRouteTableJudgesTheOriginalMethodAndPath() {
        Pats.Pat reader = Pats.create("alice", "code:read");
        bearer(reader.secret())
                .get("/auth/envoy/repos/acme/app.git/info/refs?service=git-upload-pack")
                .then()
                .statusCode(200)
                .header("X-Patrol-Subject", equalTo("alice"));
        bearer(reader.secret())
                .post("/auth/envoy/repos/acme/app.git/git-receive-pack")
                .then()
                .statusCode(403);
        bearer(reader.secret()).delete("/auth/envoy/elsewhere").then().statusCode(403);
        given().get("/auth/envoy/repos/acme/app.git").then().statusCode(401);
    }

    @Test
    void theAudienceHeaderEnvoyAddsAsksForASignedJwt() throws Exception {
        Pats.Pat reader = Pats.create("alice", "code:read");
        String jwt = bearer(reader.secret())
                .header("X-Patrol-Jwt-Audience", "orders-api")
                .get("/auth/envoy/repos/acme/app.git/info/refs")
                .then()
                .statusCode(200)
                .extract()
                .header("X-Patrol-Jwt");
        org.junit.jupiter.api.Assertions.assertEquals(
                "alice", GatewayJwtTest.part(jwt, 1).path("sub").asText());
        bearer(reader.secret())
                .header("X-Patrol-Jwt-Audience", "payroll-api")
                .get("/auth/envoy/repos/acme/app.git/info/refs")
                .then()
                .statusCode(400);
    }
}
