package dev.patrol.validation;

import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import dev.patrol.domain.TokenSecrets;
import dev.patrol.support.Pats;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

import static dev.patrol.support.Api.as;
import static dev.patrol.support.Pats.basic;
import static dev.patrol.support.Pats.bearer;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/** Every way a presented credential is refused, through the gateway check. */
@QuarkusTest
class PatRefusalTest {

    static void unauthorized(RequestSpecification request) {
        request.get("/auth/check?scope=any")
                .then()
                .statusCode(401)
                .header(
                        "WWW-Authenticate",
                        allOf(containsString("Basic realm=\"patrol\""), containsString("error=\"invalid_token\"")));
    }

    @Test
    void validTokenPassesWithIdentityHeaders() {
        Pats.Pat pat = Pats.create("alice", List.of("code:write"), List.of("acme"));
        bearer(pat.secret())
                .queryParam("scope", "code:read")
                .queryParam("org", "acme")
                .get("/auth/check")
                .then()
                .statusCode(200)
                .header("X-Patrol-Subject", "alice")
                .header("X-Patrol-Token-Id", pat.id())
                .header("X-Patrol-Scopes", "code:write")
                .header("X-Patrol-Token-Expires", org.hamcrest.Matchers.notNullValue());
    }

    @Test
    void malformedTokenIsRefused() {
        unauthorized(bearer("ptl_short"));
    }

    @Test
    void badChecksumIsRefused() {
        String secret = Pats.create("alice", "code:read").secret();
        char last = secret.charAt(secret.length() - 1);
        unauthorized(bearer(secret.substring(0, secret.length() - 1) + (last == 'A' ? 'B' : 'A')));
    }

    @Test
    void unknownWellFormedTokenIsRefused() {
        unauthorized(bearer(TokenSecrets.generate("ptl", new java.security.SecureRandom())));
    }

    @Test
    void expiredTokenIsRefused() throws InterruptedException {
        String secret = as("alice")
                .body(Map.of(
                        "name",
                        "short",
                        "scopes",
                        List.of("code:read"),
                        "allOrganizations",
                        true,
                        "expiresAt",
                        Instant.now().plusSeconds(2).toString()))
                .post("/api/v1/tokens")
                .then()
                .statusCode(201)
                .extract()
                .path("token");
        bearer(secret).get("/auth/check?scope=any").then().statusCode(200);
        Thread.sleep(2500);
        unauthorized(bearer(secret));
    }

    @Test
    void revokedTokenIsRefused() {
        Pats.Pat pat = Pats.create("alice", "code:read");
        bearer(pat.secret()).get("/auth/check?scope=any").then().statusCode(200); // now cached
        as("alice").delete("/api/v1/tokens/" + pat.id()).then().statusCode(204);
        unauthorized(bearer(pat.secret()));
        unauthorized(basic("git", pat.secret()));
    }

    @Test
    void wrongOrganizationIsForbidden() {
        Pats.Pat pat = Pats.create("alice", List.of("code:read"), List.of("acme"));
        bearer(pat.secret())
                .queryParam("org", "globex")
                .get("/auth/check?scope=any")
                .then()
                .statusCode(403)
                .header("WWW-Authenticate", containsString("insufficient_scope"));
    }

    @Test
    void allOrganizationsMeansTheOwnersOrganizationsOnly() {
        Pats.Pat pat = Pats.create("alice", "code:read"); // bound to all of alice's: acme, globex
        bearer(pat.secret())
                .queryParam("org", "globex")
                .get("/auth/check?scope=any")
                .then()
                .statusCode(200)
                .header("X-Patrol-Organizations", "acme,globex");
        bearer(pat.secret())
                .queryParam("org", "initech")
                .get("/auth/check?scope=any")
                .then()
                .statusCode(403);
    }

    @Test
    void missingScopeIsForbidden() {
        Pats.Pat pat = Pats.create("alice", "code:read");
        bearer(pat.secret())
                .queryParam("scope", "code:write")
                .get("/auth/check")
                .then()
                .statusCode(403)
                .header("WWW-Authenticate", containsString("insufficient_scope"));
        bearer(pat.secret())
                .post("/api/v1/tokens/self/rotate")
                .then()
                .statusCode(403)
                .contentType("application/problem+json");
    }

    @Test
    void oversizedAuthorizationHeaderIsRefused() {
        unauthorized(bearer("ptl_" + "a".repeat(2000)));
    }

    @Test
    void basicWithoutColonIsRefused() {
        unauthorized(given().header(
                        "Authorization", "Basic " + Base64.getEncoder().encodeToString("justatoken".getBytes())));
    }

    @Test
    void basicWithEmptyPasswordIsRefused() {
        unauthorized(
                given().header("Authorization", "Basic " + Base64.getEncoder().encodeToString("git:".getBytes())));
    }

    @Test
    void nonUtf8BasicCredentialIsRefused() {
        byte[] bad = {'g', 'i', 't', ':', (byte) 0xC3, (byte) 0x28, 'x'};
        unauthorized(
                given().header("Authorization", "Basic " + Base64.getEncoder().encodeToString(bad)));
    }

    @Test
    void noCredentialIsUnauthorized() {
        unauthorized(given());
    }

    @Test
    void oauthOnlyModeAcceptsOidcAndRefusesEveryPat() {
        Pats.Pat pat = Pats.create("alice", "full_access");
        as("alice")
                .queryParam("mode", "oauth-only")
                .get("/auth/check")
                .then()
                .statusCode(200)
                .header("X-Patrol-Subject", org.hamcrest.Matchers.notNullValue());
        bearer(pat.secret())
                .queryParam("mode", "oauth-only")
                .get("/auth/check")
                .then()
                .statusCode(401)
                .body("detail", containsString("not accepted here"));
        basic("git", pat.secret())
                .queryParam("mode", "oauth-only")
                .get("/auth/check")
                .then()
                .statusCode(401);
        given().header("Authorization", "Bearer not.a.jwt")
                .queryParam("mode", "oauth-only")
                .get("/auth/check")
                .then()
                .statusCode(401);
    }

    @Test
    void oidcTokenPassesOnlyWhenTheModeAllowsIt() {
        as("alice").get("/auth/check?scope=any").then().statusCode(401);
        as("alice")
                .queryParam("mode", "any")
                .get("/auth/check?scope=any")
                .then()
                .statusCode(200);
        Pats.Pat pat = Pats.create("alice", "code:read");
        bearer(pat.secret())
                .queryParam("mode", "any")
                .queryParam("scope", "code:write")
                .get("/auth/check")
                .then()
                .statusCode(403);
        as("alice")
                .queryParam("mode", "sideways")
                .get("/auth/check?scope=any")
                .then()
                .statusCode(400);
    }

    @Test
    void refusalBodyIsAProblemNotAStackTrace() {
        bearer("ptl_x")
                .get("/auth/check?scope=any")
                .then()
                .statusCode(401)
                .contentType("application/problem+json")
                .body("status", equalTo(401))
                .body(org.hamcrest.Matchers.not(containsString("Exception")));
    }
}
