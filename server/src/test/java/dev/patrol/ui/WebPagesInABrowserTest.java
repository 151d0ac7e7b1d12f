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

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The web pages in a real Chromium against the application with the embedded PostgreSQL and Kafka,
 * signed in through the dev OIDC provider's login page. Screenshots go to target/screenshots/.
 */
@QuarkusTest
class WebPagesInABrowserTest {

    @TestHTTPResource("/")
    URL base;

    @Test
    void aPersonCreatesUsesAndRevokesATokenInTheBrowserAndNobodyElseSeesIt() throws Exception {
        String name = "browser " + UUID.randomUUID().toString().substring(0, 8);
        String secret;
        String tokenPage;
        try (Browser alice = Browser.start()) {
            alice.signIn(base.toString(), "alice");
            assertEquals("My tokens", alice.driver.findElement(By.tagName("h1")).getText());
            alice.driver.findElement(By.cssSelector(".heading a.primary")).click();
            alice.await(By.id("name")).sendKeys(name);
            alice.driver
                    .findElement(By.cssSelector("input[name=organization][value=acme]"))
                    .click();
            alice.driver
                    .findElement(By.cssSelector("input[name=expiry][value='7']"))
                    .click();
            alice.driver
                    .findElement(By.cssSelector("input[name=scope][value='code:read']"))
                    .click();
            alice.screenshot("new-token");
            alice.driver
                    .findElement(By.cssSelector("form.token-form button[type=submit]"))
                    .click();

            secret = alice.await(By.id("secret")).getAttribute("value");
            assertTrue(secret.matches("ptl_\\S+"), secret);
            assertFalse(alice.driver.getCurrentUrl().contains(secret), "the secret is never in a URL");
            assertTrue(alice.driver.getPageSource().contains("You will not see it again"));
            alice.screenshot("secret-once");
            Pats.bearer(secret)
                    .queryParam("scope", "code:read")
                    .queryParam("org", "acme")
                    .get("/auth/check")
                    .then()
                    .statusCode(200);

            alice.driver.get(base + "ui");
            WebElement link = alice.await(By.linkText(name));
            alice.screenshot("my-tokens");
            WebElement row = link.findElement(By.xpath("./ancestor::tr"));
            assertEquals(
                    "expires in 7 days",
                    row.findElement(By.cssSelector(".soon")).getText());
            assertTrue(row.getText().contains("acme"), row.getText());
            tokenPage = link.getAttribute("href");
            link.click();
            alice.await(By.linkText("Revoke…")).click();
            alice.screenshot("revoke-confirm");
            alice.await(By.cssSelector("form button.danger")).click();
            assertEquals(
                    "The token was revoked.",
                    alice.await(By.cssSelector(".notice")).getText());
            Pats.bearer(secret)
                    .queryParam("scope", "code:read")
                    .queryParam("org", "acme")
                    .get("/auth/check")
                    .then()
                    .statusCode(401);

            alice.driver.get(tokenPage);
            String history = alice.await(By.cssSelector("table")).getText();
            assertTrue(history.contains("issued") && history.contains("revoked"), history);
            assertTrue(history.contains("user alice from "), history);
            alice.screenshot("token-history");

            // A phone's width, dark: the list still fits the screen.
            alice.width(375);
            alice.dark(true);
            alice.driver.get(base + "ui?state=all");
            alice.await(By.linkText(name));
            long width = (Long) alice.driver.executeScript("return document.documentElement.scrollWidth");
            assertTrue(width <= 375, "page is " + width + " px wide at 375 px");
            alice.screenshot("my-tokens-375px-dark");
        }
        try (Browser bob = Browser.start()) {
            bob.signIn(base.toString(), "bob");
            bob.driver.get(base + "ui?state=all");
            bob.await(By.tagName("table"));
            assertFalse(bob.driver.getPageSource().contains(name), "bob sees alice's token");
            bob.driver.get(tokenPage);
            assertTrue(bob.await(By.cssSelector(".error")).getText().contains("No such token"));
        }
    }

    @Test
    void aFormWithoutItsCsrfFieldIsRefusedAndThePagesCannotBeFramedOrCached() {
        try (Browser alice = Browser.start()) {
            alice.signIn(base.toString(), "alice");
            // Same origin and signed in, but without the form's hidden field (as a forged form would be).
            Object status = alice.driver.executeAsyncScript("const done = arguments[arguments.length - 1];"
                    + "fetch('/ui/tokens', {method: 'POST', body: new URLSearchParams({name: 'forged', "
                    + "expiry: '7', scope: 'code:read', allOrganizations: 'true'})})"
                    + ".then(r => done(r.status), e => done(String(e)));");
            assertEquals(403L, status);
        }
        // Without a session the pages send the browser to the provider, with PKCE.
        given().redirects()
                .follow(false)
                .get("/ui")
                .then()
                .statusCode(302)
                .header("Location", containsString("code_challenge_method=S256"))
                .header("X-Frame-Options", equalTo("DENY"))
                .header("Cache-Control", equalTo("no-store"))
                .header("Content-Security-Policy", containsString("frame-ancestors 'none'"));
        // The API stays bearer-only: no redirect to a login page.
        given().redirects().follow(false).get("/api/v1/tokens").then().statusCode(401);
    }

    @Test
    void aCsrfFieldIssuedToAnotherPersonIsRefusedAndTheCookieIsHostOnlyAndSecure() {
        String bobsField;
        try (Browser bob = Browser.start()) {
            bob.signIn(base.toString(), "bob");
            bob.driver.get(base + "ui/tokens/new");
            bobsField = bob.await(By.name("csrf")).getAttribute("value");
        }
        try (Browser alice = Browser.start()) {
            alice.signIn(base.toString(), "alice");
            alice.driver.get(base + "ui/tokens/new");
            String own = alice.await(By.name("csrf")).getAttribute("value");
            String nonce = alice.await(By.name("nonce")).getAttribute("value");
            var cookie = alice.driver.manage().getCookieNamed("__Host-patrol-csrf");
            assertTrue(cookie != null && cookie.isSecure() && cookie.isHttpOnly() && "/".equals(cookie.getPath()));
            String post = "const done = arguments[arguments.length - 1];"
                    + "fetch('/ui/tokens', {method: 'POST', redirect: 'manual', body: new URLSearchParams({csrf: "
                    + "arguments[0], nonce: arguments[1], name: 'csrf-check', expiry: '7', scope: 'code:read', "
                    + "allOrganizations: 'true'})})"
                    + ".then(r => done(r.status), e => done(String(e)));";
            assertEquals(403L, alice.driver.executeAsyncScript(post, bobsField, nonce));
            assertEquals(200L, alice.driver.executeAsyncScript(post, own, nonce)); // the secret page
        }
    }

    @Test
    void signingOutIsAFormPostAndAGetSignsNobodyOut() {
        try (Browser alice = Browser.start()) {
            alice.signIn(base.toString(), "alice");
            // What another site can make a browser do: a GET, a POST without the CSRF field.
            alice.driver.get(base + "ui/logout");
            alice.driver.get(base + "ui/sign-out");
            Object forged = alice.driver.executeAsyncScript("const done = arguments[arguments.length - 1];"
                    + "fetch('/ui/sign-out', {method: 'POST', body: new URLSearchParams({})})"
                    + ".then(r => done(r.status), e => done(String(e)));");
            assertEquals(403L, forged);
            alice.driver.get(base + "ui");
            assertTrue(alice.await(By.cssSelector(".user")).getText().contains("alice"), "still signed in");

            alice.await(By.cssSelector("form.user button")).click();
            alice.await(By.name("predefined-alice")); // back at the provider's login: both sessions ended
            alice.driver.get(base + "ui");
            assertTrue(
                    !alice.driver.findElements(By.name("predefined-alice")).isEmpty(),
                    "/ui signed alice in again without asking: " + alice.driver.getCurrentUrl());
        }
    }

    @Test
    void submittingTheNewTokenFormAgainCreatesNoSecondToken() {
        String name = "once " + UUID.randomUUID().toString().substring(0, 8);
        try (Browser alice = Browser.start()) {
            alice.signIn(base.toString(), "alice");
            alice.driver.get(base + "ui/tokens/new");
            String csrf = alice.await(By.name("csrf")).getAttribute("value");
            String nonce = alice.await(By.name("nonce")).getAttribute("value");
            // What the back button or a reload sends: the very same form, twice.
            String post = "const done = arguments[arguments.length - 1];"
                    + "fetch('/ui/tokens', {method: 'POST', body: new URLSearchParams({csrf: arguments[0], "
                    + "nonce: arguments[1], name: arguments[2], expiry: '7', scope: 'code:read', "
                    + "allOrganizations: 'true'})}).then(r => r.text().then(t => done(r.status + ' ' + r.url + "
                    + "' ' + t)), e => done(String(e)));";
            String first = (String) alice.driver.executeAsyncScript(post, csrf, nonce, name);
            var secret =
                    java.util.regex.Pattern.compile("ptl_[A-Za-z0-9_]{30,}").matcher(first);
            assertTrue(first.startsWith("200 ") && secret.find(), first);
            String second = (String) alice.driver.executeAsyncScript(post, csrf, nonce, name);
            assertTrue(
                    second.startsWith("200 ") && second.contains("/ui/tokens/" + nonce + "?done=created-before"),
                    second);
            assertFalse(second.contains(secret.group()), "the secret is shown once");
        }
        List<String> names = Api.as("alice")
                .get("/api/v1/tokens?state=all&limit=100")
                .then()
                .extract()
                .path("items.name");
        assertEquals(1, names.stream().filter(name::equals).count(), names.toString());
    }

    @Test
    void editingAndRegeneratingInThePagesChangeTheTokenAndReplaceItsSecret() throws Exception {
        Pats.Pat pat = Pats.create("alice", List.of("code:read"), List.of("acme"));
        String renamed = "renamed " + UUID.randomUUID().toString().substring(0, 8);
        String newExpiry =
                java.time.LocalDate.now(java.time.ZoneOffset.UTC).plusDays(3).toString();
        try (Browser alice = Browser.start()) {
            alice.signIn(base.toString(), "alice");
            alice.driver.get(base + "ui/tokens/" + pat.id() + "/edit");
            WebElement name = alice.await(By.id("name"));
            name.clear();
            name.sendKeys(renamed);
            alice.driver.executeScript("document.getElementById('expiresOn').value = arguments[0]", newExpiry);
            alice.driver
                    .findElement(By.cssSelector("input[name=scope][value='code:write']"))
                    .click();
            alice.driver.findElement(By.id("networks")).sendKeys("127.0.0.0/8, 2001:db8::/32");
            alice.driver.findElement(By.id("justification")).sendKeys("for the nightly build");
            alice.screenshot("edit-token");
            alice.driver
                    .findElement(By.cssSelector("form.token-form button[type=submit]"))
                    .click();
            assertEquals("Saved.", alice.await(By.cssSelector(".notice")).getText());
            Api.as("alice")
                    .get("/api/v1/tokens/" + pat.id())
                    .then()
                    .body("name", equalTo(renamed))
                    .body("expiresAt", startsWith(newExpiry + "T23:59:59"))
                    .body("scopes", hasItem("code:write"))
                    .body("allowedNetworks", equalTo(List.of("127.0.0.0/8", "2001:db8:0:0:0:0:0:0/32")))
                    .body("justification", equalTo("for the nightly build"));
            assertTrue(alice.driver.getPageSource().contains("127.0.0.0/8, 2001:db8:0:0:0:0:0:0/32"));

            // A block with host bits comes back next to its field, saying what was probably meant.
            alice.driver.get(base + "ui/tokens/" + pat.id() + "/edit");
            WebElement networks = alice.await(By.id("networks"));
            networks.clear();
            networks.sendKeys("10.1.2.3/8");
            alice.driver
                    .findElement(By.cssSelector("form.token-form button[type=submit]"))
                    .click();
            assertTrue(alice.await(By.id("networks-error")).getText().contains("did you mean 10.0.0.0/8?"));

            // An expiry beyond what the API allows comes back next to the field.
            alice.driver.get(base + "ui/tokens/" + pat.id() + "/edit");
            alice.driver.executeScript("document.getElementById('expiresOn').value = '2999-01-01'");
            alice.driver
                    .findElement(By.cssSelector("form.token-form button[type=submit]"))
                    .click();
            assertFalse(alice.await(By.cssSelector(".field.invalid .error"))
                    .getText()
                    .isBlank());

            alice.driver.get(base + "ui/tokens/" + pat.id() + "/regenerate");
            alice.await(By.cssSelector("form button.danger")).click();
            String secret = alice.await(By.id("secret")).getAttribute("value");
            assertTrue(alice.driver.getPageSource().contains("the previous one no longer works"));
            Pats.bearer(pat.secret())
                    .queryParam("scope", "code:read")
                    .queryParam("org", "acme")
                    .get("/auth/check")
                    .then()
                    .statusCode(401);
            Pats.bearer(secret)
                    .queryParam("scope", "code:read")
                    .queryParam("org", "acme")
                    .get("/auth/check")
                    .then()
                    .statusCode(200);
        }
    }
}
