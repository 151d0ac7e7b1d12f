package dev.patrol.governance;

import java.util.List;
import java.util.Map;

import dev.patrol.support.Pats;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import static dev.patrol.support.Api.as;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * dana administers acme (role {@code org-admin:acme}, %dev and %test): she governs the tokens that can
 * act in acme, and nothing else. alice belongs to acme and globex.
 */
@QuarkusTest
class OrganizationAdministratorsTest {

    static final String ACME = "/api/v1/admin/organizations/acme/tokens";

    static int check(Pats.Pat pat, String organization) {
        return Pats.bearer(pat.secret())
                .queryParam("scope", "code:read")
                .queryParam("org", organization)
                .get("/auth/check")
                .statusCode();
    }

    @Test
    void anOrganizationAdministratorCutsATokenFromTheirOrganizationAndItKeepsWorkingElsewhere() {
        Pats.Pat pat = Pats.create("alice", "code:read"); // all of alice's organizations
        assertEquals(200, check(pat, "acme"));
        assertEquals(200, check(pat, "globex"));
        as("dana").get(ACME + "?owner=alice&limit=100").then().statusCode(200).body("items.id", hasItem(pat.id()));

        as("dana")
                .body(Map.of("reason", "acme allows no tokens for all organizations"))
                .post(ACME + "/" + pat.id() + "/cut")
                .then()
                .statusCode(200)
                .body("cutFrom", equalTo(List.of("acme")))
                .body("owner", equalTo("alice"));
        assertEquals(403, check(pat, "acme"), "refused in acme at once on the instance that cut it");
        assertEquals(200, check(pat, "globex"));

        as("alice")
                .get("/api/v1/tokens/" + pat.id() + "/history")
                .then()
                .body(
                        "find { it.type == 'patrol.token.cut-from-organization.v1' }.data.note",
                        equalTo("acme allows no tokens for all organizations"))
                .body("find { it.type == 'patrol.token.cut-from-organization.v1' }.actorId", equalTo("dana"));
        as("alice")
                .body(Map.of("organizations", List.of("acme", "globex")))
                .patch("/api/v1/tokens/" + pat.id())
                .then()
                .statusCode(422)
                .body("field", equalTo("organizations"))
                .body("detail", containsString("cut the token from acme"));
        // Cut already: the same answer again, nothing new.
        as("dana")
                .body(Map.of("reason", "again"))
                .post(ACME + "/" + pat.id() + "/cut")
                .then()
                .statusCode(200)
                .body("cutFrom", equalTo(List.of("acme")));
    }

    @Test
    void aTokenOfTheOrganizationAloneIsRevokedAndOneThatAlsoActsElsewhereIsCut() {
        Pats.Pat acmeOnly = Pats.create("alice", List.of("code:read"), List.of("acme"));
        as("dana")
                .body(Map.of("reason", "x"))
                .post(ACME + "/" + acmeOnly.id() + "/cut")
                .then()
                .statusCode(409)
                .body("detail", containsString("revoke it instead"));
        as("dana").delete(ACME + "/" + acmeOnly.id()).then().statusCode(422).body("field", equalTo("reason"));
        as("dana")
                .delete(ACME + "/" + acmeOnly.id() + "?reason=left acme")
                .then()
                .statusCode(204);
        assertEquals(401, check(acmeOnly, "acme"));

        Pats.Pat both = Pats.create("alice", List.of("code:read"), List.of("acme", "globex"));
        as("dana")
                .delete(ACME + "/" + both.id() + "?reason=x")
                .then()
                .statusCode(409)
                .body("detail", containsString("cut it from acme instead"));
        assertEquals(200, check(both, "acme"));
    }

    @Test
    void anOrganizationAdministratorCannotTouchAnotherOrganizationOrItsTokens() {
        as("dana")
                .get("/api/v1/admin/organizations/globex/tokens")
                .then()
                .statusCode(403)
                .contentType("application/problem+json")
                .body("detail", equalTo("You administer acme only."));
        as("bob").get(ACME).then().statusCode(403).body("detail", equalTo("You may not do this."));
        // bob's token for initech cannot act in acme: to dana it does not exist.
        Pats.Pat initech = Pats.create("bob", List.of("code:read"), List.of("initech"));
        as("dana")
                .body(Map.of("reason", "x"))
                .post(ACME + "/" + initech.id() + "/cut")
                .then()
                .statusCode(404);
        as("dana")
                .body(Map.of("reason", "x"))
                .post("/api/v1/admin/organizations/initech/tokens/" + initech.id() + "/cut")
                .then()
                .statusCode(403);
        assertEquals(200, check(initech, "initech"));
        // Central administrators govern every organization; a PAT governs none.
        as("alice").get("/api/v1/admin/organizations/initech/tokens").then().statusCode(200);
        Pats.Pat alices = Pats.create("alice", "code:read");
        Pats.bearer(alices.secret()).get(ACME).then().statusCode(401);
    }

    @Test
    void anOrganizationAdministratorSetsTheirOrganizationsPolicyAndMayOnlyTightenTheGlobalOne() {
        as("dana")
                .body(Map.of("exemptUsers", List.of("dana")))
                .put("/api/v1/admin/organizations/acme/policy")
                .then()
                .statusCode(422)
                .contentType("application/problem+json")
                .body("policy", equalTo("global"))
                .body("field", equalTo("exemptUsers"))
                .body("detail", containsString("may only tighten the global policy"));
        // Longer than any token may live anyway: tighter than the unset global rule, and harmless here.
        as("dana")
                .body(Map.of("maxLifetimeDays", 3000))
                .put("/api/v1/admin/organizations/acme/policy")
                .then()
                .statusCode(200)
                .body("setBy", equalTo("dana"));
        as("dana").get("/api/v1/admin/organizations/acme/policy").then().statusCode(200);
        as("dana").get("/api/v1/admin/organizations/globex/policy").then().statusCode(403);
        as("dana")
                .body(Map.of("maxLifetimeDays", 3000))
                .put("/api/v1/admin/organizations/globex/policy")
                .then()
                .statusCode(403)
                .body("detail", equalTo("You administer acme only."));
        as("dana").get("/api/v1/admin/policies").then().statusCode(403);
        as("dana").body(Map.of()).put("/api/v1/admin/policies").then().statusCode(403);
        as("dana").get("/api/v1/admin/policies/history").then().statusCode(403);
    }
}
