package dev.patrol.governance;

import java.util.List;
import java.util.Map;

import dev.patrol.support.Pats;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static dev.patrol.support.Api.as;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * hooli requires approval (its administrator jared sets that); gavin belongs to hooli and piedpiper,
 * which does not. A token waits in hooli until jared approves it, and works in piedpiper meanwhile.
 */
@QuarkusTest
class ApprovalBeforeATokenActsTest {

    static final String HOOLI = "/api/v1/admin/organizations/hooli/tokens";
    static Pats.Pat before;

    @BeforeEach
    void hooliRequiresApproval() {
        if (before != null) {
            return; // once per class; @BeforeAll runs before the application listens
        }
        before = Pats.create("gavin", "code:read"); // made before the rule: kept (existingTokens keep)
        as("jared")
                .body(Map.of("approval", "required"))
                .put("/api/v1/admin/organizations/hooli/policy")
                .then()
                .statusCode(200)
                .body("policy.approval", equalTo("required"));
    }

    static int check(String secret, String organization) {
        return Pats.bearer(secret)
                .queryParam("scope", "code:read")
                .queryParam("org", organization)
                .get("/auth/check")
                .statusCode();
    }

    static Pats.Pat create(String justification) {
        var created = as("gavin")
                .body(Map.of(
                        "name",
                        "release",
                        "scopes",
                        List.of("code:read"),
                        "allOrganizations",
                        true,
                        "lifetimeDays",
                        30,
                        "justification",
                        justification))
                .post("/api/v1/tokens")
                .then()
                .statusCode(201)
                .body("pendingIn", equalTo(List.of("hooli")))
                .body("justification", equalTo(justification))
                .extract();
        return new Pats.Pat(created.path("id"), created.path("token"));
    }

    @Test
    void aNewTokenWaitsInTheOrganizationUntilApprovedAndWorksElsewhereMeanwhile() {
        assertEquals(200, check(before.secret(), "hooli"), "a token from before the rule is kept");
        Pats.Pat pat = create("ships the release");
        Pats.bearer(pat.secret())
                .get("/auth/check?scope=code:read&org=hooli")
                .then()
                .statusCode(403)
                .contentType("application/problem+json")
                .body("detail", equalTo("The token is pending approval in hooli."));
        assertEquals(200, check(pat.secret(), "piedpiper"));
        as("jared")
                .get(HOOLI + "/pending")
                .then()
                .statusCode(200)
                .body("find { it.tokenId == '" + pat.id() + "' }.justification", equalTo("ships the release"))
                .body("tokenId", not(hasItem(before.id())));

        as("jared")
                .body(Map.of("reason", "release train"))
                .post(HOOLI + "/" + pat.id() + "/approve")
                .then()
                .statusCode(200);
        assertEquals(200, check(pat.secret(), "hooli"));
        as("gavin").get("/api/v1/tokens/" + pat.id()).then().body("pendingIn", nullValue());
        as("jared").get(HOOLI + "/pending").then().body("tokenId", not(hasItem(pat.id())));

        // A regeneration keeps the approval, even with a new expiry; a widening needs it again.
        String regenerated = as("gavin")
                .body(Map.of("lifetimeDays", 20))
                .post("/api/v1/tokens/" + pat.id() + "/regenerate")
                .then()
                .statusCode(200)
                .extract()
                .path("token");
        assertEquals(200, check(regenerated, "hooli"));
        as("gavin")
                .body(Map.of("scopes", List.of("code:read", "code:write")))
                .patch("/api/v1/tokens/" + pat.id())
                .then()
                .statusCode(200)
                .body("pendingIn", equalTo(List.of("hooli")));
        assertEquals(403, check(regenerated, "hooli"));
        assertEquals(200, check(regenerated, "piedpiper"));
    }

    @Test
    void aDeniedTokenNeverActsInTheOrganization() {
        Pats.Pat pat = create("just in case");
        as("jared").body(Map.of()).post(HOOLI + "/" + pat.id() + "/deny").then().statusCode(422);
        as("jared")
                .body(Map.of("reason", "use the team's token"))
                .post(HOOLI + "/" + pat.id() + "/deny")
                .then()
                .statusCode(200)
                .body("cutFrom", equalTo(List.of("hooli")));
        assertEquals(403, check(pat.secret(), "hooli"));
        assertEquals(200, check(pat.secret(), "piedpiper"));
        as("jared")
                .body(Map.of())
                .post(HOOLI + "/" + pat.id() + "/approve")
                .then()
                .statusCode(409)
                .body("detail", containsString("cut from hooli"));
        as("gavin")
                .get("/api/v1/tokens/" + pat.id() + "/history")
                .then()
                .body(
                        "find { it.type == 'patrol.token.cut-from-organization.v1' }.data.note",
                        equalTo("denied: use the team's token"));
    }

    @Test
    void onlyTheOrganizationsAdministratorsSeeAndDecideItsApprovals() {
        Pats.Pat pat = create("x");
        as("dana").get(HOOLI + "/pending").then().statusCode(403);
        as("dana")
                .body(Map.of())
                .post(HOOLI + "/" + pat.id() + "/approve")
                .then()
                .statusCode(403);
        as("gavin")
                .body(Map.of())
                .post(HOOLI + "/" + pat.id() + "/approve")
                .then()
                .statusCode(403);
        // An organization's administrators cannot lift a rule the global policy has; they can set theirs.
        as("jared")
                .body(Map.of("approval", "bogus"))
                .put("/api/v1/admin/organizations/hooli/policy")
                .then()
                .statusCode(422)
                .body("field", equalTo("approval"));
    }
}
