package dev.patrol.governance;

import java.net.URL;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.patrol.support.Browser;
import dev.patrol.support.DevOidc;
import dev.patrol.support.Pats;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

import static dev.patrol.support.Api.as;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the identity provider takes away applies to every OIDC-authenticated call made with an access
 * token issued before it: the API, the administration API, introspection and the web pages. People
 * of their own (mallory, an administrator; oscar, who administers gotham; peggy, who introspects;
 * trent, in the browser), since disabling someone is for good in this database.
 */
@QuarkusTest
class WithdrawnAccessTest {

    @TestHTTPResource("/")
    URL base;

    private static RequestSpecification with(String accessToken) {
        return given().auth().oauth2(accessToken).contentType("application/json");
    }

    private static void identityEvent(String type, String subject, String extra) {
        as("alice")
                .contentType("application/cloudevents+json")
                .body("{\"specversion\":\"1.0\",\"type\":\"dev.patrol.identity.user." + type + ".v1\",\"id\":\""
                        + UUID.randomUUID() + "\",\"source\":\"/test\",\"data\":{\"subject\":\"" + subject + "\""
                        + extra + "}}")
                .post("/api/v1/admin/identity-events")
                .then()
                .statusCode(200);
    }

    private static io.restassured.response.ValidatableResponse introspect(String accessToken, String secret) {
        return given().auth()
                .oauth2(accessToken)
                .contentType("application/x-www-form-urlencoded")
                .formParam("token", secret)
                .post("/oauth2/introspect")
                .then();
    }

    /** A fresh access token issued strictly after now (the {@code iat} claim counts whole seconds). */
    private static String tokenIssuedAfterNow(String user) throws InterruptedException {
        DevOidc.awaitNextIssueSecond();
        return DevOidc.accessToken(user);
    }

    @Test
    void aDisabledAdministratorsOldAccessTokenCanDoNothingAndANewOneWorksAgain() throws Exception {
        String old = DevOidc.accessToken("mallory");
        String subject = with(old)
                .get("/api/v1/profile")
                .then()
                .statusCode(200)
                .extract()
                .path("subject");
        String tokenOfMallory = with(old)
                .body(Map.of("name", "before", "scopes", List.of("code:read"), "allOrganizations", true))
                .post("/api/v1/tokens")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        Pats.Pat bobs = Pats.create("bob", "code:read");
        with(old).get("/api/v1/admin/audit").then().statusCode(200);

        DevOidc.awaitNextIssueSecond(); // the event comes after the old token's issue second
        identityEvent("disabled", subject, "");

        String withdrawn = "The identity provider disabled this account";
        with(old).get("/api/v1/tokens").then().statusCode(403).body("detail", containsString(withdrawn));
        with(old).get("/api/v1/tokens/" + tokenOfMallory + "/history").then().statusCode(403);
        with(old).get("/api/v1/profile").then().statusCode(403);
        with(old).delete("/api/v1/admin/tokens/" + bobs.id()).then().statusCode(403);
        with(old)
                .body(Map.of("reason", "test"))
                .post("/api/v1/admin/users/nobody-" + UUID.randomUUID() + "/revoke-all")
                .then()
                .statusCode(403);
        with(old)
                .body(Map.of())
                .put("/api/v1/admin/organizations/mallory-org/policy")
                .then()
                .statusCode(403);
        with(old).get("/api/v1/admin/audit").then().statusCode(403);
        with(old)
                .contentType("application/cloudevents+json")
                .body("{\"specversion\":\"1.0\",\"type\":\"dev.patrol.identity.user.disabled.v1\",\"id\":\""
                        + UUID.randomUUID() + "\",\"source\":\"/test\",\"data\":{\"subject\":\"bob\"}}")
                .post("/api/v1/admin/identity-events")
                .then()
                .statusCode(403);
        as("bob").get("/api/v1/tokens/" + bobs.id()).then().statusCode(200).body("state", equalTo("active"));

        // Re-enabled by the provider: a token issued now is taken as it is.
        String fresh = tokenIssuedAfterNow("mallory");
        with(fresh).get("/api/v1/tokens").then().statusCode(200);
        with(fresh).get("/api/v1/admin/audit").then().statusCode(200);
    }

    @Test
    void anOrganizationAdministratorRemovedFromTheOrganizationLosesWhatTheRoleGave() throws Exception {
        String old = DevOidc.accessToken("oscar");
        String subject = with(old)
                .get("/api/v1/profile")
                .then()
                .statusCode(200)
                .extract()
                .path("subject");
        with(old)
                .queryParam("organization", "gotham")
                .get("/api/v1/admin/audit")
                .then()
                .statusCode(200);

        DevOidc.awaitNextIssueSecond();
        identityEvent("organization-removed", subject, ",\"organization\":\"gotham\"");

        with(old)
                .queryParam("organization", "gotham")
                .get("/api/v1/admin/audit")
                .then()
                .statusCode(403);
        with(tokenIssuedAfterNow("oscar"))
                .queryParam("organization", "gotham")
                .get("/api/v1/admin/audit")
                .then()
                .statusCode(200);
    }

    @Test
    void aDisabledIntrospectionCallerIsRefusedAtOnceThoughItWasVerifiedBefore() throws Exception {
        String old = DevOidc.accessToken("peggy");
        Pats.Pat pat = Pats.create("alice", "code:read");
        for (int i = 0; i < 2; i++) { // the second answer comes from the verified-caller shortcut
            introspect(old, pat.secret()).statusCode(200).body("active", equalTo(true));
        }
        DevOidc.awaitNextIssueSecond();
        identityEvent("disabled", "peggy", "");
        introspect(old, pat.secret()).statusCode(403);
    }

    @Test
    void aPersonDisabledWhileSignedInToTheWebPagesIsRefusedThere() throws Exception {
        try (Browser trent = Browser.start()) {
            trent.signIn(base.toString(), "trent");
            assertEquals("My tokens", trent.driver.findElement(By.tagName("h1")).getText());
            DevOidc.awaitNextIssueSecond();
            identityEvent("disabled", "trent", "");
            trent.driver.get(base + "ui");
            String page = trent.driver.getPageSource();
            assertTrue(page.contains("disabled this account"), page);
            // The session is over: the next page sends trent to the provider to sign in again.
            trent.driver.get(base + "ui");
            trent.await(By.name("predefined-trent"));
        }
    }
}
