package dev.patrol.ui;

import java.net.URL;
import java.util.List;
import java.util.UUID;

import dev.patrol.support.Api;
import dev.patrol.support.Browser;
import dev.patrol.support.Pats;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The administrators' pages in a real Chromium, as alice (admin), bob (not) and ivan (audits wayne). */
@QuarkusTest
class AdminPagesInABrowserTest {

    @TestHTTPResource("/")
    URL base;

    @Test
    void anAdministratorRevokesSomeonesTokenSetsAPolicyAndSeesItInTheAudit() throws Exception {
        Pats.Pat bobs = Pats.create("bob", List.of("code:read"), List.of("acme"));
        String org = "browser-" + UUID.randomUUID().toString().substring(0, 8);
        try (Browser alice = Browser.start()) {
            alice.signIn(base.toString(), "alice");
            alice.driver.get(base + "ui/admin?owner=bob");
            WebElement row = alice.await(By.xpath("//tr[.//form[contains(@action, '" + bobs.id() + "')]]"));
            row.findElement(By.name("reason")).sendKeys("left the team");
            alice.screenshot("admin-tokens");
            row.findElement(By.cssSelector("button.danger")).click();
            assertEquals(
                    "The token was revoked.",
                    alice.await(By.cssSelector(".notice")).getText());
            Pats.bearer(bobs.secret())
                    .queryParam("scope", "code:read")
                    .queryParam("org", "acme")
                    .get("/auth/check")
                    .then()
                    .statusCode(401);

            alice.driver.get(base + "ui/admin/audit?token=" + bobs.id());
            String audit = alice.await(By.cssSelector("table")).getText();
            assertTrue(
                    audit.contains("revoked") && audit.contains("admin alice") && audit.contains("left the team"),
                    audit);
            alice.screenshot("admin-audit");

            alice.driver.get(base + "ui/admin/policies?organization=" + org);
            alice.await(By.id("maxLifetimeDays")).sendKeys("30");
            alice.screenshot("admin-policy");
            alice.driver
                    .findElement(By.cssSelector("form.token-form button[type=submit]"))
                    .click();
            assertEquals("Saved.", alice.await(By.cssSelector(".notice")).getText());
            Api.as("alice")
                    .get("/api/v1/admin/organizations/" + org + "/policy")
                    .then()
                    .body("policy.maxLifetimeDays", equalTo(30));

            Pats.Pat leaked = Pats.create("bob", List.of("code:read"), List.of("acme"));
            io.restassured.RestAssured.given()
                    .contentType("application/json")
                    .body(List.of(java.util.Map.of("token", leaked.secret(), "url", "https://paste.example/1")))
                    .post("/api/v1/leaks")
                    .then()
                    .statusCode(202);
            String leakRow = "//tr[.//span[text()='" + leaked.id() + "']]/td[@data-label='Revoked now']";
            for (int i = 0;
                    i < 50 && alice.driver.findElements(By.xpath(leakRow)).isEmpty();
                    i++) {
                Thread.sleep(100); // the finding is written just after the revocation
                alice.driver.get(base + "ui/admin/leaks");
            }
            assertEquals("Leak findings", alice.await(By.tagName("h1")).getText());
            assertEquals("yes", alice.await(By.xpath(leakRow)).getText());

            // A use from outside a token's networks: on its owner's page and the administrators' page.
            var bound = Api.as("alice")
                    .body(java.util.Map.of(
                            "name",
                            "bound",
                            "scopes",
                            List.of("code:read"),
                            "allOrganizations",
                            true,
                            "allowedNetworks",
                            List.of("10.0.0.0/8")))
                    .post("/api/v1/tokens")
                    .then()
                    .statusCode(201)
                    .extract();
            String boundId = bound.path("id");
            Pats.bearer(bound.path("token"))
                    .header("User-Agent", "stolen-laptop/2.0")
                    .queryParam("scope", "code:read")
                    .get("/auth/check")
                    .then()
                    .statusCode(403);
            String refusalRow = "//tr[.//span[text()='" + boundId + "']]";
            for (int i = 0;
                    i < 50 && alice.driver.findElements(By.xpath(refusalRow)).isEmpty();
                    i++) {
                Thread.sleep(100); // refused uses are written in batches, every 2 s
                alice.driver.get(base + "ui/admin/refusals");
            }
            String refusal = alice.await(By.xpath(refusalRow)).getText();
            assertTrue(refusal.contains("127.0.0.1") && refusal.contains("stolen-laptop/2.0"), refusal);
            alice.screenshot("admin-refusals");
            alice.driver.get(base + "ui/tokens/" + boundId);
            String ownersView = alice.await(By.cssSelector("table.refusals")).getText();
            assertTrue(ownersView.contains("127.0.0.1") && ownersView.contains("stolen-laptop/2.0"), ownersView);
        }
    }

    @Test
    void peopleWhoAreNoAdministratorsSeeNoAdministration() {
        try (Browser bob = Browser.start()) {
            bob.signIn(base.toString(), "bob");
            bob.driver.get(base + "ui/admin");
            assertTrue(bob.await(By.cssSelector(".error")).getText().contains("for administrators"));
            bob.driver.get(base + "ui/admin/audit");
            assertTrue(bob.await(By.cssSelector(".error")).getText().contains("for administrators"));
        }
        // An organization administrator audits their organization, and only that one.
        Pats.Pat wayne = Pats.create("dave", List.of("code:read"), List.of("wayne"));
        try (Browser ivan = Browser.start()) {
            ivan.signIn(base.toString(), "ivan");
            ivan.driver.get(base + "ui/admin/audit?token=" + wayne.id());
            assertTrue(ivan.await(By.cssSelector("table")).getText().contains("issued"));
            ivan.driver.get(base + "ui/admin/audit?organization=umbrella");
            assertTrue(ivan.await(By.cssSelector(".error")).getText().contains("You administer wayne only"));
        }
    }

    @Test
    void anOrganizationAdministratorCutsATokenFromTheirOrganizationInThePages() throws Exception {
        Pats.Pat alices = Pats.create("alice", "code:read"); // all of alice's organizations: acme and globex
        try (Browser dana = Browser.start()) {
            dana.signIn(base.toString(), "dana");
            dana.driver.findElement(By.linkText("Administration")).click();
            assertEquals("Tokens in acme", dana.await(By.tagName("h1")).getText());
            dana.driver.get(base + "ui/admin/organizations/acme?owner=alice");
            WebElement row = dana.await(By.xpath("//tr[.//form[contains(@action, '" + alices.id() + "/cut')]]"));
            row.findElement(By.name("reason")).sendKeys("acme allows no tokens for all organizations");
            dana.screenshot("organization-tokens");
            row.findElement(By.cssSelector("button.danger")).click();
            assertTrue(dana.await(By.cssSelector(".notice")).getText().contains("cut from the organization"));
            for (String[] expected : new String[][] {{"acme", "403"}, {"globex", "200"}}) {
                Pats.bearer(alices.secret())
                        .queryParam("scope", "code:read")
                        .queryParam("org", expected[0])
                        .get("/auth/check")
                        .then()
                        .statusCode(Integer.parseInt(expected[1]));
            }
            dana.driver.get(base + "ui/admin/policies?organization=acme");
            assertTrue(dana.await(By.tagName("main")).getText().contains("you may only tighten the global policy"));
            dana.driver.get(base + "ui/admin");
            assertTrue(dana.await(By.cssSelector(".error")).getText().contains("for administrators"));
        }
    }

    @Test
    void anOrganizationAdministratorApprovesAPendingTokenInThePages() throws Exception {
        // raviga requires approval (hooli's tokens are ApprovalBeforeATokenActsTest's).
        Api.as("jared")
                .body(java.util.Map.of("approval", "required"))
                .put("/api/v1/admin/organizations/raviga/policy")
                .then()
                .statusCode(200);
        String name = "release " + UUID.randomUUID().toString().substring(0, 8);
        var created = Api.as("richard")
                .body(java.util.Map.of(
                        "name",
                        name,
                        "scopes",
                        List.of("code:read"),
                        "allOrganizations",
                        true,
                        "justification",
                        "ships the browser release"))
                .post("/api/v1/tokens")
                .then()
                .statusCode(201)
                .extract();
        String id = created.path("id");
        String secret = created.path("token");
        try (Browser richard = Browser.start()) {
            richard.signIn(base.toString(), "richard");
            richard.driver.get(base + "ui/tokens/" + id);
            String details = richard.await(By.cssSelector("dl.details")).getText();
            assertTrue(details.contains("Waiting for approval in") && details.contains("raviga"), details);
        }
        try (Browser jared = Browser.start()) {
            jared.signIn(base.toString(), "jared");
            jared.driver.get(base + "ui/admin/organizations/raviga");
            WebElement row = jared.await(By.xpath(
                    "//table[contains(@class, 'pending')]//tr[.//form[contains(@action, '" + id + "/approve')]]"));
            assertTrue(row.getText().contains("ships the browser release"), row.getText());
            jared.screenshot("pending-approvals");
            row.findElement(By.cssSelector("button.primary")).click();
            assertTrue(jared.await(By.cssSelector(".notice")).getText().contains("approved"));
        }
        Pats.bearer(secret)
                .queryParam("scope", "code:read")
                .queryParam("org", "raviga")
                .get("/auth/check")
                .then()
                .statusCode(200);
    }
}
