package dev.patrol.governance;

import java.util.List;
import java.util.Map;

import dev.patrol.support.Pats;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import static dev.patrol.support.Api.as;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Administrators (alice has the admin role) govern anyone's tokens; nobody else can. */
@QuarkusTest
class AdminTokensTest {

    static int check(String secret) {
        return Pats.bearer(secret).get("/auth/check?scope=any").statusCode();
    }

    @Test
    void anAdministratorListsAnyonesTokensWithFilters() {
        Pats.Pat read = Pats.create("carol", List.of("code:read"), List.of("umbrella"));
        Pats.Pat write = Pats.create("carol", List.of("code:write"), List.of("umbrella"));
        Pats.bearer(read.secret()).get("/auth/check?scope=code:read").then().statusCode(200);

        as("alice")
                .queryParam("owner", "carol")
                .queryParam("scope", "code:write")
                .queryParam("limit", 100)
                .get("/api/v1/admin/tokens")
                .then()
                .statusCode(200)
                .body("items.id", hasItem(write.id()))
                .body("items.id", not(hasItem(read.id())))
                .body("items.owner", everyItem(equalTo("carol")));
        as("alice")
                .queryParam("organization", "umbrella")
                .queryParam("neverUsed", true)
                .queryParam("limit", 100)
                .get("/api/v1/admin/tokens")
                .then()
                .statusCode(200)
                .body("items.id", hasItem(write.id()));
        // Last use is recorded asynchronously; the used token leaves the never-used list once it is.
        as("alice")
                .queryParam("expiringBefore", "yesterday")
                .get("/api/v1/admin/tokens")
                .then()
                .statusCode(400)
                .body("field", equalTo("expiringBefore"));
    }

    @Test
    void anAdministratorsRevocationIsSeenByTheOwnerWithWhoAndWhy() {
        Pats.Pat pat = Pats.create("carol", List.of("code:read"), List.of("umbrella"));
        assertEquals(200, check(pat.secret()));
        as("alice")
                .delete("/api/v1/admin/tokens/" + pat.id())
                .then()
                .statusCode(422)
                .body("field", equalTo("reason"));
        as("alice")
                .queryParam("reason", "found in a public gist")
                .delete("/api/v1/admin/tokens/" + pat.id())
                .then()
                .statusCode(204);
        assertEquals(401, check(pat.secret()));
        as("carol")
                .get("/api/v1/tokens/" + pat.id())
                .then()
                .statusCode(200)
                .body("state", equalTo("revoked"))
                .body("revokeReason", equalTo("admin"));
        as("carol")
                .get("/api/v1/tokens/" + pat.id() + "/history")
                .then()
                .statusCode(200)
                .body("[-1].actorKind", equalTo("ADMIN"))
                .body("[-1].actorId", equalTo(adminSubject()))
                .body("[-1].data.note", equalTo("found in a public gist"));
    }

    @Test
    void revokeAllRevokesEveryTokenOfAPersonAndSaysHowMany() {
        Pats.Pat one = Pats.create("erin", List.of("code:read"), List.of("umbrella"));
        Pats.Pat two = Pats.create("erin", "code:read");
        as("alice")
                .body(Map.of("reason", "left the company"))
                .post("/api/v1/admin/users/" + subject("erin") + "/revoke-all")
                .then()
                .statusCode(200)
                .body("revoked", org.hamcrest.Matchers.greaterThanOrEqualTo(2));
        assertEquals(401, check(one.secret()));
        assertEquals(401, check(two.secret()));
        as("alice")
                .queryParam("owner", subject("erin"))
                .queryParam("state", "active")
                .get("/api/v1/admin/tokens")
                .then()
                .statusCode(200)
                .body("items", org.hamcrest.Matchers.empty());
        // Again: nothing is left to revoke.
        as("alice")
                .body(Map.of("reason", "left the company"))
                .post("/api/v1/admin/users/" + subject("erin") + "/revoke-all")
                .then()
                .statusCode(200)
                .body("revoked", equalTo(0));
    }

    @Test
    void peopleWithoutTheAdminRoleAndPatsCannotGovern() {
        Pats.Pat pat = Pats.create("alice", "code:read");
        as("bob").get("/api/v1/admin/tokens").then().statusCode(403);
        as("bob")
                .queryParam("reason", "x")
                .delete("/api/v1/admin/tokens/" + pat.id())
                .then()
                .statusCode(403);
        as("bob")
                .body(Map.of("reason", "x"))
                .post("/api/v1/admin/users/alice/revoke-all")
                .then()
                .statusCode(403);
        Pats.bearer(pat.secret()).get("/api/v1/admin/tokens").then().statusCode(401);
        Pats.bearer(pat.secret()).get("/api/v1/admin/policies").then().statusCode(401);
        given().get("/api/v1/admin/tokens").then().statusCode(401);
        assertEquals(200, check(pat.secret()));
    }

    static String adminSubject() {
        return subject("alice");
    }

    /** The dev provider's subject of a user (what tokens are owned by). */
    static String subject(String user) {
        return as(user).get("/api/v1/profile").then().statusCode(200).extract().path("subject");
    }
}
