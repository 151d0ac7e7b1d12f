package dev.patrol.interop;

import java.util.List;

import dev.patrol.support.Pats;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

/**
 * A Quarkus service verifies the JWT Patrol mints for it with Quarkus OIDC alone, configured as
 * docs/protecting-an-api.md shows (discovery off, Patrol's JWKS, its audience, roles from
 * {@code scope}): the PAT's owner and scopes arrive; another service's JWT and a tampered one do not.
 */
@QuarkusTest
class QuarkusOidcVerifiesTheJwtTest {

    @Test
    void theServiceSeesThePatsOwnerAndScopesAsRoles() {
        Pats.Pat pat = Pats.create("alice", List.of("code:read", "build:read"), null);
        given().auth()
                .oauth2(JwtVerifiedLocallyTest.jwtFor(pat, "orders-api"))
                .get("/test/orders")
                .then()
                .statusCode(200)
                .body(equalTo("orders-api verified alice [build:read, code:read]"));
    }

    @Test
    void anotherServicesJwtOrATamperedOneIsRefused() {
        Pats.Pat pat = Pats.create("alice", "code:read");
        given().auth()
                .oauth2(JwtVerifiedLocallyTest.jwtFor(pat, "billing-api"))
                .get("/test/orders")
                .then()
                .statusCode(401);
        String jwt = JwtVerifiedLocallyTest.jwtFor(pat, "orders-api");
        String tampered = jwt.substring(0, jwt.length() - 4) + (jwt.endsWith("AAAA") ? "BBBB" : "AAAA");
        given().auth().oauth2(tampered).get("/test/orders").then().statusCode(401);
        Pats.Pat other = Pats.create("alice", "build:read");
        given().auth()
                .oauth2(Pats.bearer(other.secret())
                        .get("/auth/check?scope=build:read&jwt=orders-api")
                        .then()
                        .statusCode(200)
                        .extract()
                        .header("X-Patrol-Jwt"))
                .get("/test/orders")
                .then()
                .statusCode(403);
    }
}
