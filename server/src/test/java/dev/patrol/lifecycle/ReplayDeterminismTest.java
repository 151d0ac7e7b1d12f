package dev.patrol.lifecycle;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import jakarta.inject.Inject;

import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import org.junit.jupiter.api.Test;

import static dev.patrol.support.Api.as;
import static dev.patrol.support.Api.create;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

@QuarkusTest
class ReplayDeterminismTest {

    static final List<String> TABLES = List.of(
            "rm_token ORDER BY token_id",
            "rm_token_event ORDER BY event_id",
            "rm_rejected_record ORDER BY event_id",
            "rm_dead_secret ORDER BY secret_hash");

    @Inject
    Pool pool;

    @Test
    void rebuildFromTheTopicReproducesTheReadModelExactly() {
        Random random = new Random(42);
        String[] users = {"alice", "bob"};
        List<String[]> tokens = new ArrayList<>();
        int changes = 0; // creates: each surely one event
        for (int i = 0; i < 300; i++) {
            String user = users[random.nextInt(2)];
            List<String[]> mine = tokens.stream().filter(t -> t[1].equals(user)).toList();
            int op = mine.isEmpty() ? 0 : random.nextInt(9);
            String path = mine.isEmpty() ? null : "/api/v1/tokens/" + mine.get(random.nextInt(mine.size()))[0];
            int status = switch (op) {
                case 0 -> {
                    tokens.add(new String[] {
                        create(user, "r" + i, "code:read")
                                .statusCode(201)
                                .extract()
                                .path("id"),
                        user
                    });
                    yield 201;
                }
                case 1 ->
                    as(user).body(Map.of("name", "n" + i, "justification", "j" + i))
                            .patch(path)
                            .statusCode();
                case 2 ->
                    as(user).body(Map.of("scopes", List.of(random.nextBoolean() ? "code:write" : "build:read")))
                            .patch(path)
                            .statusCode();
                case 3 ->
                    as(user).body(Map.of(
                                    "expiresAt",
                                    Instant.now()
                                            .plus(1 + random.nextInt(300), ChronoUnit.DAYS)
                                            .toString()))
                            .patch(path)
                            .statusCode();
                case 4 -> as(user).post(path + "/regenerate").statusCode();
                case 5 ->
                    as(user).body(Map.of(
                                    "allowedNetworks",
                                    random.nextBoolean()
                                            ? List.of()
                                            : List.of("10." + random.nextInt(256) + ".0.0/16")))
                            .patch(path)
                            .statusCode();
                case 6 -> // dana administers acme, where both people's all-organizations tokens act
                    as("dana")
                            .body(Map.of("reason", "r" + i))
                            .post(path.replace("/api/v1/tokens/", "/api/v1/admin/organizations/acme/tokens/") + "/cut")
                            .statusCode();
                case 7 ->
                    as("dana")
                            .body(Map.of("reason", "r" + i))
                            .post(path.replace("/api/v1/tokens/", "/api/v1/admin/organizations/acme/tokens/")
                                    + "/approve")
                            .statusCode();
                default -> as(user).delete(path).statusCode();
            };
            changes += op == 0 ? 1 : 0;
        }
        List<List<String>> before = snapshot(pool);
        as("alice")
                .post("/api/v1/admin/read-model/rebuild")
                .then()
                .statusCode(200)
                .body("events", greaterThanOrEqualTo(changes));
        assertEquals(before, snapshot(pool));
    }

    @Test
    void rebuildIsForAdministratorsOnly() {
        as("bob").post("/api/v1/admin/read-model/rebuild").then().statusCode(403);
    }

    /** Every row of the tables a replay reproduces, as text, in a stable order. */
    static List<List<String>> snapshot(Pool pool) {
        List<List<String>> all = new ArrayList<>();
        for (String table : TABLES) {
            List<String> rows = new ArrayList<>();
            pool.query("SELECT t::text FROM " + table.replaceFirst(" ", " t "))
                    .execute()
                    .await()
                    .indefinitely()
                    .forEach(r -> rows.add(r.getString(0)));
            all.add(rows);
        }
        return all;
    }
}
