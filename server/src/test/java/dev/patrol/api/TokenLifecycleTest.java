package dev.patrol.api;

import java.util.List;
import java.util.Map;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import static dev.patrol.support.Api.as;
import static dev.patrol.support.Api.create;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

@QuarkusTest
class TokenLifecycleTest {

    @Test
    void createdTokenShowsItsSecretOnceThenOnlyItsHint() {
        var created = create("alice", "ci deploy", "code:read", "build:execute")
                .statusCode(201)
                .header("Location", matchesPattern(".*/api/v1/tokens/[0-9a-f-]{36}"))
                .body("token", matchesPattern("ptl_[0-9A-Za-z]{49}"))
                .body("state", equalTo("active"))
                .body("version", equalTo(1))
                .extract();
        String id = created.path("id");
        String secret = created.path("token");
        as("alice")
                .get("/api/v1/tokens/" + id)
                .then()
                .statusCode(200)
                .body("token", nullValue())
                .body("name", equalTo("ci deploy"))
                .body("scopes", containsInAnyOrder("code:read", "build:execute"))
                .body("displayHint", equalTo("ptl_..." + secret.substring(secret.length() - 4)));
    }

    @Test
    void patchChangesNameScopesAndExpiryTogether() {
        String id =
                create("alice", "old", "code:read").statusCode(201).extract().path("id");
        String expiry = java.time.Instant.now()
                .plus(java.time.Duration.ofDays(7))
                .truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
                .toString();
        as("alice")
                .body(Map.of(
                        "name",
                        "new",
                        "scopes",
                        List.of("code:write"),
                        "organizations",
                        List.of("acme"),
                        "expiresAt",
                        expiry))
                .patch("/api/v1/tokens/" + id)
                .then()
                .statusCode(200)
                .body("name", equalTo("new"))
                .body("scopes", containsInAnyOrder("code:write"))
                .body("organizations", containsInAnyOrder("acme"))
                .body("allOrganizations", equalTo(false))
                .body("expiresAt", equalTo(expiry))
                .body("version", equalTo(4));
        as("alice")
                .get("/api/v1/tokens/" + id + "/history")
                .then()
                .statusCode(200)
                .body(
                        "type",
                        equalTo(List.of(
                                "patrol.token.issued.v1",
                                "patrol.token.renamed.v1",
                                "patrol.token.scopes-changed.v1",
                                "patrol.token.expiry-changed.v1")))
                .body("version", equalTo(List.of(1, 2, 3, 4)));
    }

    @Test
    void regenerateGivesANewSecretWithTheSameId() {
        var created = create("alice", "rotating", "code:read").statusCode(201).extract();
        String id = created.path("id");
        String first = created.path("token");
        as("alice")
                .post("/api/v1/tokens/" + id + "/regenerate")
                .then()
                .statusCode(200)
                .body("id", equalTo(id))
                .body("token", not(equalTo(first)))
                .body("token", matchesPattern("ptl_[0-9A-Za-z]{49}"))
                .body("version", equalTo(2));
    }

    @Test
    void revokedTokenIsTerminal() {
        String id = create("alice", "to revoke", "code:read")
                .statusCode(201)
                .extract()
                .path("id");
        as("alice").delete("/api/v1/tokens/" + id).then().statusCode(204);
        as("alice")
                .get("/api/v1/tokens/" + id)
                .then()
                .statusCode(200)
                .body("state", equalTo("revoked"))
                .body("revokeReason", equalTo("owner"))
                .body("revokedAt", notNullValue());
        as("alice").delete("/api/v1/tokens/" + id).then().statusCode(409).contentType("application/problem+json");
        as("alice")
                .body(Map.of("name", "again"))
                .patch("/api/v1/tokens/" + id)
                .then()
                .statusCode(409);
        as("alice").post("/api/v1/tokens/" + id + "/regenerate").then().statusCode(409);
    }

    @Test
    void anotherUsersTokenIsNotFound() {
        String id =
                create("alice", "mine", "code:read").statusCode(201).extract().path("id");
        as("bob").get("/api/v1/tokens/" + id).then().statusCode(404).contentType("application/problem+json");
        as("bob")
                .body(Map.of("name", "stolen"))
                .patch("/api/v1/tokens/" + id)
                .then()
                .statusCode(404);
        as("bob").post("/api/v1/tokens/" + id + "/regenerate").then().statusCode(404);
        as("bob").delete("/api/v1/tokens/" + id).then().statusCode(404);
        as("bob").get("/api/v1/tokens/" + id + "/history").then().statusCode(404);
        as("alice").get("/api/v1/tokens/" + id).then().statusCode(200).body("state", equalTo("active"));
    }

    @Test
    void unknownIdIsNotFound() {
        as("alice").get("/api/v1/tokens/" + java.util.UUID.randomUUID()).then().statusCode(404);
        as("alice").get("/api/v1/tokens/not-a-uuid").then().statusCode(404);
    }

    @Test
    void createdTokenLocationEndsWithItsId() {
        var r = create("bob", "loc", "build:read").statusCode(201).extract();
        org.hamcrest.MatcherAssert.assertThat(r.header("Location"), endsWith((String) r.path("id")));
    }
}
