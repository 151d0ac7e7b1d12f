package dev.patrol.governance;

import java.time.Instant;
import java.util.List;

import dev.patrol.support.Pats;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import static dev.patrol.support.Api.as;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Auditors see who did what to which token, from where, newest first; as JSON or CSV. */
@QuarkusTest
class AuditTest {

    @Test
    void theAuditShowsWhoDidWhatFromWhereNewestFirstWithFiltersAndPaging() {
        Instant before = Instant.now().minusSeconds(1);
        Pats.Pat pat = Pats.create("carol", List.of("code:read"), List.of("umbrella"));
        as("alice")
                .queryParam("reason", "audit test")
                .delete("/api/v1/admin/tokens/" + pat.id())
                .then()
                .statusCode(204);
        String admin = AdminTokensTest.subject("alice");
        as("alice")
                .queryParam("token", pat.id())
                .get("/api/v1/admin/audit")
                .then()
                .statusCode(200)
                .body("items.type", contains("patrol.token.revoked.v1", "patrol.token.issued.v1"))
                .body("items[0].actorKind", equalTo("ADMIN"))
                .body("items[0].actorId", equalTo(admin))
                .body("items[0].reason", equalTo("ADMIN"))
                .body("items[0].note", equalTo("audit test"))
                .body("items[0].clientIp", notNullValue())
                .body("items[1].actorKind", equalTo("USER"))
                .body("items[1].owner", equalTo(AdminTokensTest.subject("carol")));
        as("alice")
                .queryParam("token", pat.id())
                .queryParam("actorKind", "user")
                .get("/api/v1/admin/audit")
                .then()
                .body("items.type", contains("patrol.token.issued.v1"));
        as("alice")
                .queryParam("actor", admin)
                .queryParam("type", "patrol.token.revoked.v1")
                .queryParam("from", before.toString())
                .get("/api/v1/admin/audit")
                .then()
                .body("items.tokenId", org.hamcrest.Matchers.hasItem(pat.id()));
        as("alice")
                .queryParam("token", pat.id())
                .queryParam("to", before.toString())
                .get("/api/v1/admin/audit")
                .then()
                .body("items", hasSize(0));
        String next = as("alice")
                .queryParam("token", pat.id())
                .queryParam("limit", 1)
                .get("/api/v1/admin/audit")
                .then()
                .body("items.type", contains("patrol.token.revoked.v1"))
                .extract()
                .path("nextCursor");
        as("alice")
                .queryParam("token", pat.id())
                .queryParam("limit", 1)
                .queryParam("cursor", next)
                .get("/api/v1/admin/audit")
                .then()
                .body("items.type", contains("patrol.token.issued.v1"))
                .body("nextCursor", nullValue());
        as("bob").get("/api/v1/admin/audit").then().statusCode(403);
        as("alice")
                .queryParam("actorKind", "robot")
                .get("/api/v1/admin/audit")
                .then()
                .statusCode(400);
    }

    @Test
    void auditorsGetCsvThatASpreadsheetCannotRunAsFormulas() {
        Pats.Pat pat = Pats.create("carol", List.of("code:read"), List.of("umbrella"));
        as("alice")
                .queryParam("reason", "=HYPERLINK(\"http://evil\",\"x\"), see ticket")
                .delete("/api/v1/admin/tokens/" + pat.id())
                .then()
                .statusCode(204);
        String csv = as("alice")
                .accept("text/csv")
                .queryParam("token", pat.id())
                .get("/api/v1/admin/audit")
                .then()
                .statusCode(200)
                .contentType(org.hamcrest.Matchers.startsWith("text/csv"))
                .extract()
                .asString();
        String[] lines = csv.split("\r\n");
        assertEquals(3, lines.length, csv);
        assertTrue(lines[0].startsWith("occurredAt,eventId,tokenId,owner,type"), lines[0]);
        assertTrue(lines[1].endsWith(",ADMIN,\"'=HYPERLINK(\"\"http://evil\"\",\"\"x\"\"), see ticket\""), lines[1]);
        assertTrue(lines[2].contains(",patrol.token.issued.v1,1,USER,"), lines[2]);
    }

    @Test
    void organizationAdministratorsAuditTheirOrganizationsOnly() {
        Pats.Pat wayne = Pats.create("dave", List.of("code:read"), List.of("wayne"));
        Pats.Pat umbrella = Pats.create("carol", List.of("code:read"), List.of("umbrella"));
        Pats.Pat everywhereOfAWayneMember = Pats.create("frank", "code:read");
        for (Pats.Pat seen : List.of(wayne, everywhereOfAWayneMember)) {
            as("ivan")
                    .queryParam("token", seen.id())
                    .get("/api/v1/admin/audit")
                    .then()
                    .statusCode(200)
                    .body("items.type", contains("patrol.token.issued.v1"));
        }
        as("ivan")
                .queryParam("token", umbrella.id())
                .get("/api/v1/admin/audit")
                .then()
                .statusCode(200)
                .body("items", hasSize(0));
        as("ivan")
                .queryParam("organization", "umbrella")
                .get("/api/v1/admin/audit")
                .then()
                .statusCode(403)
                .contentType("application/problem+json");
        // Auditing is all an organization administrator may do.
        as("ivan").get("/api/v1/admin/tokens").then().statusCode(403);
    }
}
