package dev.patrol.governance;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.patrol.domain.TokenSecrets;
import dev.patrol.support.Pats;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import static dev.patrol.support.Api.as;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Secret scanners report tokens found in public: a matching token is revoked and the finding kept,
 * the answer never tells whether anything matched, and reports are rate limited per client
 * (%test: 20 per 10 s; the rate-limit test runs last and waits for a fresh window first).
 */
@QuarkusTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LeakReportsTest {

    static Response report(Object body) {
        return given().contentType(ContentType.JSON).body(body).post("/api/v1/leaks");
    }

    static void untilRefused(String secret) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            if (Pats.bearer(secret).get("/auth/check?scope=any").statusCode() == 401) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("the reported token was not revoked within 10 s");
    }

    /** The URLs of carol's token's findings, once there are any (written just after the revocation). */
    static List<String> findingUrls(Pats.Pat pat) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        List<String> urls = List.of();
        while (urls.isEmpty() && System.nanoTime() < deadline) {
            urls = as("carol")
                    .get("/api/v1/tokens/" + pat.id() + "/leaks")
                    .then()
                    .statusCode(200)
                    .extract()
                    .path("url");
            Thread.sleep(20);
        }
        return urls;
    }

    @Test
    @Order(1)
    void aReportedTokenIsRevokedAndItsOwnerAndAdministratorsSeeWhereItWasFound() throws Exception {
        Pats.Pat pat = Pats.create("carol", List.of("code:read"), List.of("umbrella"));
        String url = "https://gist.example.com/carol/1234#L7";
        report(List.of(Map.of("token", pat.secret(), "type", "patrol_pat", "url", url, "source", "gist")))
                .then()
                .statusCode(202);
        untilRefused(pat.secret());
        as("carol")
                .get("/api/v1/tokens/" + pat.id())
                .then()
                .body("state", equalTo("revoked"))
                .body("revokeReason", equalTo("leaked"));
        as("carol")
                .get("/api/v1/tokens/" + pat.id() + "/history")
                .then()
                .body("[-1].actorKind", equalTo("SYSTEM"))
                .body("[-1].actorId", equalTo("leak-report"))
                .body("[-1].data.note", equalTo("found in public (leak report)"));
        assertEquals(List.of(url), findingUrls(pat));
        as("carol")
                .get("/api/v1/tokens/" + pat.id() + "/leaks")
                .then()
                .body("[0].revoked", equalTo(true))
                .body("[0].outcome", equalTo("revoked"));
        as("bob").get("/api/v1/tokens/" + pat.id() + "/leaks").then().statusCode(404);
        as("alice").get("/api/v1/admin/leaks").then().statusCode(200).body("url", hasItem(url));
        as("bob").get("/api/v1/admin/leaks").then().statusCode(403);
    }

    @Test
    @Order(1)
    void aLongOrUnusualUrlStillRevokesAndIsKeptWhole() throws Exception {
        Pats.Pat pat = Pats.create("carol", List.of("code:read"), List.of("umbrella"));
        // Longer than a revocation note may be, with a zero-width space and a right-to-left mark.
        String url = "https://paste.example.com/" + "a".repeat(1500) + "\u200b\u200f#L1";
        report(List.of(Map.of("token", pat.secret(), "url", url))).then().statusCode(202);
        untilRefused(pat.secret());
        assertEquals(List.of(url), findingUrls(pat));
        as("carol").get("/api/v1/tokens/" + pat.id() + "/leaks").then().body("[0].outcome", equalTo("revoked"));
    }

    @Test
    @Order(2)
    void theAnswerIsByteIdenticalWhetherAnythingMatchedOrNot() {
        Pats.Pat pat = Pats.create("carol", List.of("code:read"), List.of("umbrella"));
        String unknown = TokenSecrets.generate("ptl", new java.security.SecureRandom());
        String malformed = pat.secret().substring(0, pat.secret().length() - 1) + "x";
        List<Response> answers = List.of(
                report(List.of(Map.of("token", pat.secret(), "url", "https://a.example/1"))),
                report(List.of(Map.of("token", unknown, "url", "https://a.example/1"))),
                report(List.of(Map.of("token", malformed, "url", "https://a.example/1"))));
        for (Response r : answers) {
            assertEquals(202, r.statusCode());
            assertEquals(answers.get(0).asString(), r.asString());
            assertEquals(answers.get(0).contentType(), r.contentType());
            assertEquals(answers.get(0).headers().size(), r.headers().size());
        }
    }

    @Test
    @Order(3)
    void badReportsAreRefusedWithAProblemNeverA500() {
        report("not json").then().statusCode(400);
        report(List.of()).then().statusCode(400);
        report(List.of(Map.of("url", "https://a.example"))).then().statusCode(422);
        report(List.of(Map.of("token", "x".repeat(300)))).then().statusCode(422);
        report(List.of(Map.of("token", "ptl_x", "url", "https://a.example/\u0000")))
                .then()
                .statusCode(422)
                .contentType("application/problem+json");
        report(java.util.Collections.nCopies(101, Map.of("token", "ptl_x")))
                .then()
                .statusCode(422)
                .contentType("application/problem+json");
        report(List.of(Map.of("token", "ptl_x", "extra", 1))).then().statusCode(400);
    }

    @Test
    @Order(4)
    void reportsAreRateLimitedPerClient() throws InterruptedException {
        Thread.sleep(
                3_500); // a fresh window (%test.patrol.leaks.window: a client's count lives 3 s past its last report)
        int limited = 0;
        String retryAfter = null;
        for (int i = 0; i < 25; i++) {
            Response r = report(List.of(Map.of("token", "ptl_x")));
            if (r.statusCode() == 429) {
                limited++;
                retryAfter = r.header("Retry-After");
            } else {
                assertEquals(202, r.statusCode());
            }
        }
        assertEquals(5, limited);
        assertTrue(Integer.parseInt(retryAfter) >= 1);
    }
}
