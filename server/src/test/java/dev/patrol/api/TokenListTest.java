package dev.patrol.api;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import static dev.patrol.support.Api.as;
import static dev.patrol.support.Api.create;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Uses a user of its own (carol) so that other tests' tokens do not change the counts. */
@QuarkusTest
class TokenListTest {

    @Test
    void pagesCoverEveryTokenOnceInOrder() {
        String user = "carol";
        String tag = UUID.randomUUID().toString().substring(0, 8);
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            created.add(create(user, tag + "-" + i, "code:read")
                    .statusCode(201)
                    .extract()
                    .path("id"));
        }
        List<String> seen = new ArrayList<>();
        String cursor = null;
        do {
            var req = as(user).queryParam("sort", "name")
                    .queryParam("order", "asc")
                    .queryParam("limit", 3);
            if (cursor != null) {
                req.queryParam("cursor", cursor);
            }
            JsonPath page =
                    req.get("/api/v1/tokens").then().statusCode(200).extract().jsonPath();
            seen.addAll(page.getList("items.id"));
            cursor = page.getString("nextCursor");
        } while (cursor != null);
        assertEquals(created, seen.stream().filter(created::contains).toList());
        assertEquals(seen.size(), new java.util.HashSet<>(seen).size());
    }

    @Test
    void stateFilterSeparatesActiveAndRevoked() {
        String user = "dave";
        String keep =
                create(user, "keep", "code:read").statusCode(201).extract().path("id");
        String gone =
                create(user, "gone", "code:read").statusCode(201).extract().path("id");
        as(user).delete("/api/v1/tokens/" + gone).then().statusCode(204);
        List<String> active = as(user).queryParam("state", "active")
                .get("/api/v1/tokens")
                .then()
                .statusCode(200)
                .body("items.state", everyItem(equalTo("active")))
                .extract()
                .path("items.id");
        List<String> revoked = as(user).queryParam("state", "revoked")
                .get("/api/v1/tokens")
                .then()
                .statusCode(200)
                .body("items.state", everyItem(equalTo("revoked")))
                .extract()
                .path("items.id");
        assertThat(active.contains(keep) && !active.contains(gone), equalTo(true));
        assertThat(revoked.contains(gone) && !revoked.contains(keep), equalTo(true));
    }

    @Test
    void badParametersAreBadRequests() {
        as("alice")
                .queryParam("state", "zombie")
                .get("/api/v1/tokens")
                .then()
                .statusCode(400)
                .body("field", equalTo("state"));
        as("alice")
                .queryParam("limit", 101)
                .get("/api/v1/tokens")
                .then()
                .statusCode(400)
                .body("field", equalTo("limit"));
        as("alice").queryParam("sort", "secret").get("/api/v1/tokens").then().statusCode(400);
        as("alice")
                .queryParam("cursor", "garbage!")
                .get("/api/v1/tokens")
                .then()
                .statusCode(400)
                .body("field", equalTo("cursor"))
                .body(
                        "detail",
                        equalTo("The cursor parameter must be the nextCursor of a previous page listed with the same "
                                + "sort and order."));
    }

    @Test
    void cursorWithAMalformedPositionIsABadRequestNotAServerError() {
        for (String raw : List.of(
                "CREATED|d|" + java.util.UUID.randomUUID() + "|not-a-time",
                "CREATED|d|not-a-uuid|2026-11-28T10:00:00Z",
                "EXPIRES|a|" + java.util.UUID.randomUUID() + "|")) {
            String[] sortOrder = raw.split("\\|");
            as("alice")
                    .queryParam("sort", sortOrder[0].toLowerCase(java.util.Locale.ROOT))
                    .queryParam("order", sortOrder[1].equals("d") ? "desc" : "asc")
                    .queryParam("cursor", java.util.Base64.getUrlEncoder().encodeToString(raw.getBytes()))
                    .get("/api/v1/tokens")
                    .then()
                    .statusCode(400)
                    .contentType("application/problem+json")
                    .body("field", equalTo("cursor"));
        }
    }

    @Test
    void listShowsNoSecrets() {
        create("erin", "x", "code:read").statusCode(201);
        assertNull(as("erin")
                .get("/api/v1/tokens")
                .then()
                .statusCode(200)
                .extract()
                .path("items[0].token"));
    }
}
