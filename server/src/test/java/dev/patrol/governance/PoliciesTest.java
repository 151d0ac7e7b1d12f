package dev.patrol.governance;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import dev.patrol.support.Pats;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static dev.patrol.support.Api.as;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Policies of the organizations umbrella and wayne (only the test users carol, dave and erin belong
 * to them), black-box over HTTP against the real Kafka, PostgreSQL and OIDC provider. Each test
 * leaves both policies empty.
 */
@QuarkusTest
class PoliciesTest {

    static final String UMBRELLA = "/api/v1/admin/organizations/umbrella/policy";
    static final String WAYNE = "/api/v1/admin/organizations/wayne/policy";

    @AfterEach
    void clearPolicies() {
        as("alice").body(Map.of()).put(UMBRELLA).then().statusCode(200);
        as("alice").body(Map.of()).put(WAYNE).then().statusCode(200);
    }

    static io.restassured.response.ValidatableResponse create(
            String user, List<String> scopes, List<String> orgs, int days) {
        return as(user).body(Map.of("name", "policy", "scopes", scopes, "organizations", orgs, "lifetimeDays", days))
                .post("/api/v1/tokens")
                .then();
    }

    static int check(String secret) {
        return Pats.bearer(secret).get("/auth/check?scope=any").statusCode();
    }

    @Test
    void aPolicyChangeIsAnEventWithItsActorAndAQueryableHistory() {
        int before = as("alice").get(UMBRELLA).then().statusCode(200).extract().path("version");
        as("alice")
                .body(Map.of("maxLifetimeDays", 45))
                .put(UMBRELLA)
                .then()
                .statusCode(200)
                .header("ETag", containsString(String.valueOf(before + 1)))
                .body("version", equalTo(before + 1))
                .body("setByKind", equalTo("ADMIN"))
                .body("policy.maxLifetimeDays", equalTo(45));
        as("alice")
                .get("/api/v1/admin/policies/history")
                .then()
                .statusCode(200)
                .body("findAll { it.scope == 'organization:umbrella' }.policy.maxLifetimeDays", hasItem(45));
        // A stale If-Match is refused rather than overwriting the change it did not see.
        as("alice")
                .header("If-Match", "\"" + before + "\"")
                .body(Map.of("maxLifetimeDays", 10))
                .put(UMBRELLA)
                .then()
                .statusCode(409);
        as("alice").body(Map.of("maxLifetimeDays", 0)).put(UMBRELLA).then().statusCode(422);
        as("alice")
                .body(Map.of("existingTokens", "delete"))
                .put(UMBRELLA)
                .then()
                .statusCode(422)
                .body("field", equalTo("existingTokens"));
        as("alice")
                .body(Map.of("allowedScopes", List.of("code:admin")))
                .put(UMBRELLA)
                .then()
                .statusCode(422);
        as("bob").body(Map.of()).put(UMBRELLA).then().statusCode(403);
    }

    @Test
    void everyRuleIsEnforcedAtCreateAndModifyWithAProblemNamingThePolicyAndTheLimit() {
        as("alice")
                .body(Map.of(
                        "maxLifetimeDays",
                        30,
                        "allowFullAccess",
                        false,
                        "allowedScopes",
                        List.of("code:read", "code:write", "full_access")))
                .put(UMBRELLA)
                .then()
                .statusCode(200);
        create("carol", List.of("code:read"), List.of("umbrella"), 31)
                .statusCode(422)
                .contentType("application/problem+json")
                .body("type", equalTo("https://patrol.dev/problems/policy"))
                .body("policy", equalTo("organization:umbrella"))
                .body("limit", equalTo("maxLifetimeDays = 30"));
        create("carol", List.of("full_access"), List.of("umbrella"), 7)
                .statusCode(422)
                .body("limit", equalTo("allowFullAccess = false"));
        create("carol", List.of("build:read"), List.of("umbrella"), 7)
                .statusCode(422)
                .body("field", equalTo("scopes"));
        String id = create("carol", List.of("code:read"), List.of("umbrella"), 30)
                .statusCode(201)
                .extract()
                .path("id");
        Instant tooLate = Instant.now().plus(40, ChronoUnit.DAYS);
        as("carol")
                .body(Map.of("expiresAt", tooLate.toString()))
                .patch("/api/v1/tokens/" + id)
                .then()
                .statusCode(422)
                .body("limit", equalTo("maxLifetimeDays = 30"));
        as("carol")
                .body(Map.of("scopes", List.of("full_access")))
                .patch("/api/v1/tokens/" + id)
                .then()
                .statusCode(422)
                .body("limit", equalTo("allowFullAccess = false"));
        as("carol")
                .body(Map.of("lifetimeDays", 40))
                .post("/api/v1/tokens/" + id + "/regenerate")
                .then()
                .statusCode(422)
                .body("limit", equalTo("maxLifetimeDays = 30"));
    }

    @Test
    void allOrganizationsTokensDefaultLifetimesAndExemptionsFollowThePolicy() {
        as("alice")
                .body(Map.of(
                        "allowAllOrganizations",
                        false,
                        "defaultLifetimeDays",
                        3,
                        "exemptUsers",
                        List.of(AdminTokensTest.subject("dave"))))
                .put(UMBRELLA)
                .then()
                .statusCode(200);
        Map<String, Object> allOrgs = Map.of("name", "all", "scopes", List.of("code:read"), "allOrganizations", true);
        as("carol")
                .body(allOrgs)
                .post("/api/v1/tokens")
                .then()
                .statusCode(422)
                .body("limit", equalTo("allowAllOrganizations = false"))
                .body("field", equalTo("allOrganizations"));
        as("dave").body(allOrgs).post("/api/v1/tokens").then().statusCode(201); // exempt
        String id = as("carol")
                .body(Map.of("name", "named", "scopes", List.of("code:read"), "organizations", List.of("umbrella")))
                .post("/api/v1/tokens")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        Instant expiresAt = Instant.parse(
                as("carol").get("/api/v1/tokens/" + id).then().extract().path("expiresAt"));
        long days = Math.round((expiresAt.getEpochSecond() - Instant.now().getEpochSecond()) / 86400.0);
        assertEquals(3, days, "the policy's default lifetime");
        as("carol")
                .body(Map.of("allOrganizations", true))
                .patch("/api/v1/tokens/" + id)
                .then()
                .statusCode(422)
                .body("limit", equalTo("allowAllOrganizations = false"));
    }

    @Test
    void aTokenOfSeveralOrganizationsObeysTheStrictestPolicy() {
        as("alice").body(Map.of("maxLifetimeDays", 90)).put(UMBRELLA).then().statusCode(200);
        as("alice").body(Map.of("maxLifetimeDays", 10)).put(WAYNE).then().statusCode(200);
        create("dave", List.of("code:read"), List.of("umbrella"), 60).statusCode(201);
        create("dave", List.of("code:read"), List.of("umbrella", "wayne"), 60)
                .statusCode(422)
                .body("policy", equalTo("organization:wayne"));
        // All of dave's organizations: both policies govern.
        as("dave")
                .body(Map.of(
                        "name", "all", "scopes", List.of("code:read"), "allOrganizations", true, "lifetimeDays", 60))
                .post("/api/v1/tokens")
                .then()
                .statusCode(422)
                .body("policy", equalTo("organization:wayne"));
    }

    @Test
    void theMaximumOfActiveTokensCountsOnlyActiveOnes() {
        String first = create("dave", List.of("code:read"), List.of("wayne"), 7)
                .statusCode(201)
                .extract()
                .path("id");
        int active = as("alice")
                .queryParam("owner", AdminTokensTest.subject("dave"))
                .queryParam("state", "active")
                .queryParam("limit", 100)
                .get("/api/v1/admin/tokens")
                .then()
                .extract()
                .path("items.size()");
        as("alice")
                .body(Map.of("maxActiveTokensPerUser", active))
                .put(WAYNE)
                .then()
                .statusCode(200);
        create("dave", List.of("code:read"), List.of("wayne"), 7)
                .statusCode(422)
                .body("limit", equalTo("maxActiveTokensPerUser = " + active));
        as("dave").delete("/api/v1/tokens/" + first).then().statusCode(204);
        create("dave", List.of("code:read"), List.of("wayne"), 7).statusCode(201);
    }

    @Test
    void existingTokensAreKeptRefusedOrRevokedAsThePolicySays() {
        Pats.Pat full = Pats.create("carol", List.of("full_access"), List.of("umbrella"));
        assertEquals(200, check(full.secret()));

        as("alice").body(Map.of("allowFullAccess", false)).put(UMBRELLA).then().statusCode(200);
        assertEquals(200, check(full.secret()), "keep (the default): existing tokens go on working");

        as("alice")
                .body(Map.of("allowFullAccess", false, "existingTokens", "refuse"))
                .put(UMBRELLA)
                .then()
                .statusCode(200);
        Pats.bearer(full.secret())
                .get("/auth/check?scope=any")
                .then()
                .statusCode(403)
                .body("detail", containsString("organization:umbrella"))
                .body("detail", containsString("allowFullAccess"));

        as("alice").body(Map.of()).put(UMBRELLA).then().statusCode(200);
        assertEquals(200, check(full.secret()), "refused, not revoked: lifting the policy lets it work again");

        as("alice")
                .body(Map.of("allowFullAccess", false, "existingTokens", "revoke"))
                .put(UMBRELLA)
                .then()
                .statusCode(200)
                .body("revoked", greaterThanOrEqualTo(1));
        assertEquals(401, check(full.secret()));
        as("carol")
                .get("/api/v1/tokens/" + full.id())
                .then()
                .body("state", equalTo("revoked"))
                .body("revokeReason", equalTo("policy"));
        as("carol")
                .get("/api/v1/tokens/" + full.id() + "/history")
                .then()
                .body("[-1].actorKind", equalTo("SYSTEM"))
                .body("[-1].data.note", containsString("organization:umbrella"));
    }

    @Test
    void anExpiredTokenCannotBeRevivedByAChangeOnlyByRegeneration() throws InterruptedException {
        Pats.Pat expired = Pats.createExpired("carol", "code:read");
        as("carol")
                .body(Map.of("expiresAt", Instant.now().plus(5, ChronoUnit.DAYS).toString()))
                .patch("/api/v1/tokens/" + expired.id())
                .then()
                .statusCode(409);
        String secret = as("carol")
                .body(Map.of("lifetimeDays", 5))
                .post("/api/v1/tokens/" + expired.id() + "/regenerate")
                .then()
                .statusCode(200)
                .body("state", equalTo("active"))
                .extract()
                .path("token");
        assertEquals(200, check(secret));
        assertEquals(401, check(expired.secret()));
    }
}
