package dev.patrol.projection;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.patrol.support.Databases;
import dev.patrol.support.Pats;
import dev.patrol.support.SecondInstance;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

import static dev.patrol.support.Api.as;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * What an operator does instead of rebuilding a large read model (docs/operations.md): restore
 * PostgreSQL from a backup and let the projector catch up from the offsets stored with the rows. An
 * instance with a database of its own takes a backup, changes tokens after it, and then starts on the
 * restored, older database: it must end exactly where it was, every change applied once, with
 * validation following.
 */
@QuarkusTest
class RestoredReadModelCatchesUpIT {

    static final String DATABASE = "patrol_restore";
    static final String BACKUP = "patrol_restore_backup";

    @Test
    void aReadModelRestoredFromAnOlderBackupCatchesUpFromItsOwnOffsets() throws Exception {
        Map<String, String> env = Map.of(
                "QUARKUS_DATASOURCE_REACTIVE_URL",
                Databases.create(DATABASE),
                // A projector group of its own: it folds every partition into its own database.
                "PATROL_PROJECTION_GROUP_ID",
                "patrol-restore");
        Map<String, String> before = new LinkedHashMap<>();
        try (SecondInstance patrol = SecondInstance.start(env)) {
            for (String name : List.of("kept", "revoked after the backup", "regenerated after the backup")) {
                Map<String, Object> created = bob(patrol)
                        .body(Map.of("name", name, "scopes", List.of("code:read"), "allOrganizations", true))
                        .post("/api/v1/tokens")
                        .then()
                        .statusCode(201)
                        .extract()
                        .as(Map.class);
                before.put(name, created.get("id").toString());
                before.put(name + " secret", created.get("token").toString());
            }
        }
        copyOnceNobodyIsConnected(DATABASE, BACKUP); // the nightly backup

        Map<String, String> expected = new LinkedHashMap<>();
        String newSecret;
        String later;
        try (SecondInstance patrol = SecondInstance.start(env)) {
            bob(patrol)
                    .delete("/api/v1/tokens/" + before.get("revoked after the backup"))
                    .then()
                    .statusCode(204);
            newSecret = bob(patrol)
                    .body(Map.of())
                    .post("/api/v1/tokens/" + before.get("regenerated after the backup") + "/regenerate")
                    .then()
                    .statusCode(200)
                    .extract()
                    .path("token");
            bob(patrol)
                    .body(Map.of("name", "renamed after the backup"))
                    .patch("/api/v1/tokens/" + before.get("kept"))
                    .then()
                    .statusCode(200);
            later = bob(patrol)
                    .body(Map.of(
                            "name", "made after the backup", "scopes", List.of("code:read"), "allOrganizations", true))
                    .post("/api/v1/tokens")
                    .then()
                    .statusCode(201)
                    .extract()
                    .path("id");
            for (String id : ids(before, later)) {
                expected.put(id, state(patrol, id));
            }
        }

        Databases.drop(DATABASE); // the disaster, then the restore
        copyOnceNobodyIsConnected(BACKUP, DATABASE);
        try (SecondInstance patrol = SecondInstance.start(env)) {
            // Each token's view and history as they were: every event after the backup applied once.
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                for (String id : ids(before, later)) {
                    assertEquals(expected.get(id), state(patrol, id), id);
                }
            });
            check(patrol, before.get("kept secret")).statusCode(200);
            check(patrol, before.get("revoked after the backup secret")).statusCode(401);
            check(patrol, before.get("regenerated after the backup secret")).statusCode(401);
            check(patrol, newSecret).statusCode(200);
        } finally {
            Databases.drop(BACKUP);
        }
    }

    private static RequestSpecification bob(SecondInstance patrol) {
        return as("bob").baseUri(patrol.baseUrl());
    }

    private static List<String> ids(Map<String, String> before, String later) {
        return List.of(
                before.get("kept"),
                before.get("revoked after the backup"),
                before.get("regenerated after the backup"),
                later);
    }

    /** The token as its owner sees it, and its history (every applied event, with its version). */
    private static String state(SecondInstance patrol, String id) {
        String view = bob(patrol).get("/api/v1/tokens/" + id).then().extract().asString();
        String history = bob(patrol)
                .get("/api/v1/tokens/" + id + "/history")
                .then()
                .extract()
                .asString();
        return view + "\n" + history;
    }

    private static io.restassured.response.ValidatableResponse check(SecondInstance patrol, String secret) {
        return Pats.bearer(secret)
                .baseUri(patrol.baseUrl())
                .get("/auth/check?scope=code:read")
                .then();
    }

    /** PostgreSQL copies a database only once its last session is gone; a stopped instance's may linger a moment. */
    private static void copyOnceNobodyIsConnected(String from, String to) {
        await().atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    try {
                        Databases.copy(from, to);
                        return true;
                    } catch (java.sql.SQLException e) {
                        return false;
                    }
                });
    }
}
