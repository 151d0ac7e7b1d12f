package dev.patrol.validation;

import java.util.List;
import java.util.Map;

import dev.patrol.support.Pats;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;

/** Resource servers registered in %test (application.properties) introspect with their own credentials. */
@QuarkusTest
class IntrospectionWithClientCredentialsTest {

    /** The configured issuer (the test profile's public base URL), whatever Host the request names. */
    @org.eclipse.microprofile.config.inject.ConfigProperty(name = "patrol.ui.base-url")
    String issuer;

    private static RequestSpecification form() {
        return given().contentType("application/x-www-form-urlencoded");
    }

    @Test
    void clientSecretBasicGetsTheRfc7662Fields() {
        Pats.Pat pat = Pats.create("alice", List.of("code:read"), List.of("acme"));
        form().auth()
                .preemptive()
                .basic("resource-server", "dev-secret")
                .formParam("token", pat.secret())
                .post("/oauth2/introspect")
                .then()
                .statusCode(200)
                .header("Cache-Control", "no-store")
                .body("active", equalTo(true))
                .body("scope", equalTo("code:read"))
                .body("sub", equalTo("alice"))
                .body("username", equalTo("alice"))
                .body("client_id", equalTo(pat.id()))
                .body("token_type", notNullValue())
                .body("exp", notNullValue())
                .body("iat", notNullValue())
                .body("nbf", notNullValue())
                .body("iss", equalTo(issuer))
                .body("organizations", equalTo(List.of("acme")));
    }

    @Test
    void anIntrospectionCountsAsAUseOfTheToken() {
        Pats.Pat pat = Pats.create("bob", "code:read");
        form().auth()
                .preemptive()
                .basic("resource-server", "dev-secret")
                .header("User-Agent", "wiki-resource-server/2.1")
                .formParam("token", pat.secret())
                .post("/oauth2/introspect")
                .then()
                .body("active", equalTo(true));
        org.awaitility.Awaitility.await()
                .atMost(java.time.Duration.ofSeconds(10))
                .until(() -> dev.patrol.support.Api.as("bob")
                                .get("/api/v1/tokens/" + pat.id())
                                .then()
                                .extract()
                                .path("lastUsedAt")
                        != null);
        dev.patrol.support.Api.as("bob")
                .get("/api/v1/tokens/" + pat.id())
                .then()
                .body("lastUsedUserAgent", equalTo("wiki-resource-server/2.1"));
    }

    @Test
    void clientSecretPostAndTheNextSecretOfARotationWorkToo() {
        Pats.Pat pat = Pats.create("alice", "code:read");
        for (String secret : List.of("dev-secret", "dev-secret-next")) {
            form().formParam("client_id", "resource-server")
                    .formParam("client_secret", secret)
                    .formParam("token", pat.secret())
                    .post("/oauth2/introspect")
                    .then()
                    .statusCode(200)
                    .body("active", equalTo(true));
        }
    }

    @Test
    void unknownClientWrongSecretOrTwoMethodsAreRefused() {
        Pats.Pat pat = Pats.create("alice", "code:read");
        form().auth()
                .preemptive()
                .basic("resource-server", "guess")
                .formParam("token", pat.secret())
                .post("/oauth2/introspect")
                .then()
                .statusCode(401)
                .header("WWW-Authenticate", startsWith("Basic realm="))
                .contentType("application/problem+json");
        form().formParam("client_id", "nobody")
                .formParam("client_secret", "dev-secret")
                .formParam("token", pat.secret())
                .post("/oauth2/introspect")
                .then()
                .statusCode(401);
        form().auth()
                .preemptive()
                .basic("resource-server", "dev-secret")
                .formParam("client_id", "resource-server")
                .formParam("client_secret", "dev-secret")
                .formParam("token", pat.secret())
                .post("/oauth2/introspect")
                .then()
                .statusCode(401);
        form().formParam("token", pat.secret())
                .post("/oauth2/introspect")
                .then()
                .statusCode(401);
    }

    @Test
    void aLimitedClientLearnsNothingAboutTokensOutsideItsOrganizationsAndScopes() {
        Pats.Pat inAcme = Pats.create("alice", List.of("code:write", "build:read"), List.of("acme"));
        Pats.Pat inGlobex = Pats.create("alice", List.of("code:read"), List.of("globex"));
        Pats.Pat buildOnly = Pats.create("alice", List.of("build:read"), List.of("acme"));
        RequestSpecification acmeReader = form().auth().preemptive().basic("acme-reader", "acme-secret");
        acmeReader
                .formParam("token", inAcme.secret())
                .post("/oauth2/introspect")
                .then()
                .statusCode(200)
                .body("active", equalTo(true))
                .body("scope", equalTo("code:read")); // only what it asks about
        for (Pats.Pat outside : List.of(inGlobex, buildOnly)) {
            form().auth()
                    .preemptive()
                    .basic("acme-reader", "acme-secret")
                    .formParam("token", outside.secret())
                    .post("/oauth2/introspect")
                    .then()
                    .statusCode(200)
                    .body("", equalTo(Map.of("active", false)));
        }
    }

    @Test
    void discoveryNamesTheEndpointsAuthMethodsAndScopes() {
        given().get("/.well-known/oauth-authorization-server")
                .then()
                .statusCode(200)
                .body("issuer", equalTo(issuer))
                .body("introspection_endpoint", equalTo(issuer + "/oauth2/introspect"))
                .body("revocation_endpoint", equalTo(issuer + "/oauth2/revoke"))
                .body("introspection_endpoint_auth_methods_supported", hasItem("client_secret_basic"))
                .body("introspection_endpoint_auth_methods_supported", hasItem("client_secret_post"))
                .body("scopes_supported", hasItem("code:read"))
                // The catalogue commands are judged against: the configured scopes and full_access.
                .body("scopes_supported", hasItem("full_access"));
        given().get("/api/v1/scopes")
                .then()
                .statusCode(200)
                .body("find { it.name == 'code:write' }.description", startsWith("Read and change code"));
    }
}
