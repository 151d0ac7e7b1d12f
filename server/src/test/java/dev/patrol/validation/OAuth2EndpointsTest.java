package dev.patrol.validation;

import java.util.List;
import java.util.Map;

import dev.patrol.domain.TokenSecrets;
import dev.patrol.support.DevOidc;
import dev.patrol.support.Pats;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import static dev.patrol.support.Api.as;
import static dev.patrol.support.Pats.bearer;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

@QuarkusTest
class OAuth2EndpointsTest {

    static io.restassured.specification.RequestSpecification gateway() {
        return given().auth().oauth2(DevOidc.accessToken("gateway")).contentType("application/x-www-form-urlencoded");
    }

    @Test
    void introspectionDescribesAnActiveToken() {
        Pats.Pat pat = Pats.create("alice", List.of("code:read", "build:read"), List.of("acme"));
        gateway()
                .formParam("token", pat.secret())
                .post("/oauth2/introspect")
                .then()
                .statusCode(200)
                .body("active", equalTo(true))
                .body("scope", equalTo("build:read code:read"))
                .body("sub", equalTo("alice"))
                .body("client_id", equalTo(pat.id()))
                .body("jti", equalTo(pat.id()))
                .body("token_type", equalTo("personal_access_token"))
                .body("patrol_organizations", equalTo(List.of("acme")));
    }

    @Test
    void inactiveTokenGetsActiveFalseAndNothingElse() {
        Pats.Pat pat = Pats.create("alice", "code:read");
        as("alice").delete("/api/v1/tokens/" + pat.id()).then().statusCode(204);
        for (String t :
                List.of(pat.secret(), "ptl_garbage", TokenSecrets.generate("ptl", new java.security.SecureRandom()))) {
            gateway()
                    .formParam("token", t)
                    .post("/oauth2/introspect")
                    .then()
                    .statusCode(200)
                    .body("", equalTo(Map.of("active", false)));
        }
    }

    @Test
    void introspectionNeedsTheRoleAndAnOidcCaller() {
        Pats.Pat pat = Pats.create("alice", "code:read");
        as("bob")
                .contentType("application/x-www-form-urlencoded")
                .formParam("token", pat.secret())
                .post("/oauth2/introspect")
                .then()
                .statusCode(403);
        bearer(pat.secret())
                .contentType("application/x-www-form-urlencoded")
                .formParam("token", pat.secret())
                .post("/oauth2/introspect")
                .then()
                .statusCode(401);
    }

    @Test
    void holderRevokesWithRfc7009AndUnknownTokensAlsoGet200() {
        Pats.Pat pat = Pats.create("bob", "code:read");
        given().contentType("application/x-www-form-urlencoded")
                .formParam("token", pat.secret())
                .post("/oauth2/revoke")
                .then()
                .statusCode(200);
        bearer(pat.secret()).get("/auth/check?scope=any").then().statusCode(401);
        as("bob")
                .get("/api/v1/tokens/" + pat.id())
                .then()
                .body("state", equalTo("revoked"))
                .body("revokeReason", equalTo("holder"));
        // Recorded as what it is: not the owner, but whoever held the secret, from where.
        as("bob")
                .get("/api/v1/tokens/" + pat.id() + "/history")
                .then()
                .body("find { it.type == 'patrol.token.revoked.v1' }.actorKind", equalTo("HOLDER"))
                .body("find { it.type == 'patrol.token.revoked.v1' }.data.actor.clientIp", equalTo("127.0.0.1"));
        given().contentType("application/x-www-form-urlencoded")
                .formParam("token", "ptl_nope")
                .post("/oauth2/revoke")
                .then()
                .statusCode(200);
        given().contentType("application/x-www-form-urlencoded")
                .formParam("token", pat.secret())
                .post("/oauth2/revoke")
                .then()
                .statusCode(200);
    }
}
