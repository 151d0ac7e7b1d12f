package dev.patrol.validation;

import java.util.List;
import java.util.Map;

import dev.patrol.support.Management;
import dev.patrol.support.Pats;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

import static dev.patrol.support.Api.as;
import static dev.patrol.support.Api.asResourceServer;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * An introspection of a cached active PAT by a caller its header alone proves is answered by a bare
 * route before JAX-RS, with exactly the resource's answer; every other request, and every answer
 * other than "active", still comes from the resource.
 */
@QuarkusTest
class IntrospectionFastPathTest {

    static final String FAST = "patrol_introspection_fast_path_total";

    @Test
    void aCachedActiveTokenGetsTheResourcesAnswerFromTheFastPath() {
        Pats.Pat pat = Pats.create("alice", List.of("code:read", "build:read"), List.of("acme"));
        Response first = asResourceServer().formParam("token", pat.secret()).post("/oauth2/introspect");
        double before = Management.metric(FAST);
        Response second = asResourceServer().formParam("token", pat.secret()).post("/oauth2/introspect");
        assertEquals(before + 1, Management.metric(FAST), "the second introspection was not answered by the fast path");
        assertEquals(200, first.statusCode());
        assertEquals(200, second.statusCode());
        assertEquals(Boolean.TRUE, second.path("active"));
        assertEquals(first.<Map<String, Object>>path(""), second.<Map<String, Object>>path(""));
        assertEquals(
                given().get("/.well-known/oauth-authorization-server").<String>path("issuer"),
                second.<String>path("iss"),
                "the answer names another issuer than the discovery metadata");
        for (String header : List.of("Cache-Control", "Pragma", "Content-Type")) {
            assertEquals(first.header(header), second.header(header), header);
        }
    }

    @Test
    void aLimitedClientSeesOnlyItsScopesOnTheFastPathToo() {
        Pats.Pat pat = Pats.create("alice", List.of("code:read", "build:read"), List.of("acme"));
        RequestSpecification acmeReader = given().contentType("application/x-www-form-urlencoded")
                .auth()
                .preemptive()
                .basic("acme-reader", "acme-secret");
        asResourceServer().formParam("token", pat.secret()).post("/oauth2/introspect"); // cached now
        double before = Management.metric(FAST);
        Response limited = acmeReader.formParam("token", pat.secret()).post("/oauth2/introspect");
        assertEquals(before + 1, Management.metric(FAST));
        assertEquals("code:read", limited.path("scope"));

        Pats.Pat elsewhere = Pats.create("bob", List.of("code:read"), List.of("initech"));
        asResourceServer().formParam("token", elsewhere.secret()).post("/oauth2/introspect");
        double again = Management.metric(FAST);
        Response unseen = given().contentType("application/x-www-form-urlencoded")
                .auth()
                .preemptive()
                .basic("acme-reader", "acme-secret")
                .formParam("token", elsewhere.secret())
                .post("/oauth2/introspect");
        assertEquals(Map.of("active", false), unseen.<Map<String, Object>>path(""));
        assertEquals(again, Management.metric(FAST), "an inactive answer came from the fast path");
    }

    @Test
    void everyOtherRequestIsTheResourcesToAnswer() {
        Pats.Pat pat = Pats.create("alice", "code:read");
        asResourceServer().formParam("token", pat.secret()).post("/oauth2/introspect"); // cached now
        double before = Management.metric(FAST);

        // Another field beside the token: read by the resource from the form the route parsed.
        asResourceServer()
                .formParam("token", pat.secret())
                .formParam("token_type_hint", "access_token")
                .post("/oauth2/introspect")
                .then()
                .statusCode(200)
                .body("active", org.hamcrest.Matchers.equalTo(true));
        // Field names are case-sensitive: "TOKEN" is no token.
        asResourceServer()
                .formParam("TOKEN", pat.secret())
                .post("/oauth2/introspect")
                .then()
                .statusCode(400)
                .body("error", org.hamcrest.Matchers.equalTo("invalid_request"));
        // Two client authentication methods at once.
        asResourceServer()
                .formParam("client_secret", "dev-secret")
                .formParam("token", pat.secret())
                .post("/oauth2/introspect")
                .then()
                .statusCode(401);
        // A client that waits for 100 Continue before it sends the body.
        asResourceServer()
                .header("Expect", "100-continue")
                .formParam("token", pat.secret())
                .post("/oauth2/introspect")
                .then()
                .statusCode(200)
                .body("active", org.hamcrest.Matchers.equalTo(true));
        // A wrong secret never reaches the body.
        given().contentType("application/x-www-form-urlencoded")
                .auth()
                .preemptive()
                .basic("resource-server", "wrong")
                .formParam("token", pat.secret())
                .post("/oauth2/introspect")
                .then()
                .statusCode(401)
                .contentType("application/problem+json");
        assertEquals(before, Management.metric(FAST), "the fast path answered a request that was not its own");

        as("alice").delete("/api/v1/tokens/" + pat.id()).then().statusCode(204);
        asResourceServer()
                .formParam("token", pat.secret())
                .post("/oauth2/introspect")
                .then()
                .statusCode(200)
                .body("active", org.hamcrest.Matchers.equalTo(false));
        assertEquals(before, Management.metric(FAST));
    }

    @Test
    void anEmptyOrUnreadableFormIsAnInvalidRequest() {
        for (String body : List.of("", "token=" + "x".repeat(3000))) {
            asResourceServer()
                    .body(body)
                    .post("/oauth2/introspect")
                    .then()
                    .statusCode(400)
                    .header("Cache-Control", "no-store")
                    .body("error", org.hamcrest.Matchers.equalTo("invalid_request"));
        }
    }

    @Test
    void aVerifiedOidcCallerIsNotVerifiedOnEveryCall() {
        Pats.Pat pat = Pats.create("alice", "code:read");
        Response first = as("gateway")
                .contentType("application/x-www-form-urlencoded")
                .formParam("token", pat.secret())
                .post("/oauth2/introspect");
        assertEquals(Boolean.TRUE, first.path("active"));
        double before = Management.metric(FAST);
        Response second = as("gateway")
                .contentType("application/x-www-form-urlencoded")
                .formParam("token", pat.secret())
                .post("/oauth2/introspect");
        assertEquals(before + 1, Management.metric(FAST), "the verified caller was verified again");
        assertEquals(first.<Map<String, Object>>path(""), second.<Map<String, Object>>path(""));

        // A caller without the role is refused every time: refusals are not remembered.
        for (int i = 0; i < 2; i++) {
            as("bob")
                    .contentType("application/x-www-form-urlencoded")
                    .formParam("token", pat.secret())
                    .post("/oauth2/introspect")
                    .then()
                    .statusCode(403);
        }
        assertEquals(before + 1, Management.metric(FAST));
    }
}
