package dev.patrol.governance;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.patrol.support.DevOidc;
import dev.patrol.support.EventLog;
import dev.patrol.support.Management;
import dev.patrol.support.Pats;
import io.quarkus.test.junit.QuarkusTest;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import static dev.patrol.support.Api.as;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The identity provider tells Patrol who left: CloudEvents on patrol.identity-events.v1 (written
 * here with a plain producer, as an identity provider's bridge would) or over REST. Users frank,
 * grace, heidi, olivia and rupert exist for these tests only.
 */
@QuarkusTest
class IdentityEventsTest {

    /** Writes one identity event in CloudEvents binary mode. */
    static void send(String kind, String subject, String extraData) throws Exception {
        String topic = ConfigProvider.getConfig().getValue("patrol.topics.identity.name", String.class);
        String data = "{\"subject\":\"" + subject + "\"" + extraData + "}";
        EventLog.write(
                topic,
                subject,
                data,
                List.of(
                        header("ce_specversion", "1.0"),
                        header("ce_type", "dev.patrol.identity.user." + kind + ".v1"),
                        header("ce_id", UUID.randomUUID().toString()),
                        header("ce_source", "/test/idp"),
                        header("content-type", "application/json")));
    }

    static RecordHeader header(String name, String value) {
        return new RecordHeader(name, value.getBytes(StandardCharsets.UTF_8));
    }

    static int check(String secret, String organization) {
        return Pats.bearer(secret)
                .queryParam("scope", "any")
                .queryParam("org", organization)
                .get("/auth/check")
                .statusCode();
    }

    static void until(java.util.function.BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError(what + " did not happen within 10 s");
    }

    @Test
    void aTokenActsOnlyInOrganizationsItsOwnerStillBelongsTo() throws Exception {
        Pats.Pat pat = Pats.create("frank", List.of("code:read"), List.of("umbrella", "wayne"));
        assertEquals(200, check(pat.secret(), "wayne"));
        send("organization-removed", AdminTokensTest.subject("frank"), ",\"organization\":\"wayne\"");
        until(() -> check(pat.secret(), "wayne") == 403, "refusal in the removed organization");
        assertEquals(200, check(pat.secret(), "umbrella"));
        Pats.bearer(pat.secret())
                .get("/auth/check?scope=any")
                .then()
                .statusCode(200)
                .header("X-Patrol-Organizations", "umbrella");

        // Narrowed to nothing the token is bound to: it can act nowhere.
        send("organizations-changed", AdminTokensTest.subject("frank"), ",\"organizations\":[\"globex\"]");
        until(() -> check(pat.secret(), "umbrella") == 401, "refusal of a token bound only to left organizations");
    }

    @Test
    void aDisabledOwnerLosesEveryTokenAndCannotCreateMoreWithAnOlderAccessToken() throws Exception {
        Pats.Pat one = Pats.create("grace", List.of("code:read"), List.of("umbrella"));
        Pats.Pat two = Pats.create("grace", "code:read");
        String subject = AdminTokensTest.subject("grace");
        String old = DevOidc.accessToken("grace");
        DevOidc.awaitNextIssueSecond(); // the event comes after the old access token's issue second
        send("disabled", subject, "");
        until(() -> check(one.secret(), null) == 401 && check(two.secret(), null) == 401, "revocation of both tokens");
        // An access token issued before the event can do nothing (WithdrawnAccessTest); one issued after
        // it (the provider re-enabled grace) sees what happened.
        given().auth()
                .oauth2(old)
                .contentType("application/json")
                .body(Map.of("name", "after", "scopes", List.of("code:read"), "allOrganizations", true))
                .post("/api/v1/tokens")
                .then()
                .statusCode(403);
        DevOidc.awaitNextIssueSecond();
        String fresh = DevOidc.accessToken("grace");
        given().auth()
                .oauth2(fresh)
                .get("/api/v1/tokens/" + one.id())
                .then()
                .body("state", equalTo("revoked"))
                .body("revokeReason", equalTo("owner-disabled"));
        given().auth()
                .oauth2(fresh)
                .get("/api/v1/tokens/" + two.id() + "/history")
                .then()
                .body("[-1].actorKind", equalTo("SYSTEM"))
                .body("[-1].actorId", equalTo("identity-provider"));
    }

    @Test
    void administratorsSendIdentityEventsOverRestForProvidersWithoutKafka() throws Exception {
        String subject = AdminTokensTest.subject("heidi");
        Pats.Pat pat = Pats.create("heidi", List.of("code:read"), List.of("wayne"));
        String event = "{\"specversion\":\"1.0\",\"type\":\"dev.patrol.identity.user.organization-removed.v1\","
                + "\"id\":\"" + UUID.randomUUID() + "\",\"source\":\"/test\",\"data\":{\"subject\":\"" + subject
                + "\",\"organization\":\"wayne\"}}";
        as("bob")
                .contentType("application/cloudevents+json")
                .body(event)
                .post("/api/v1/admin/identity-events")
                .then()
                .statusCode(403);
        as("alice")
                .contentType("application/cloudevents+json")
                .body(event)
                .post("/api/v1/admin/identity-events")
                .then()
                .statusCode(200)
                .body("organizations", equalTo(List.of("umbrella")))
                .body("revoked", equalTo(0));
        // The answering instance evicted its cache in the same call's outbox flush; allow the broadcast's hop.
        until(() -> check(pat.secret(), null) == 401, "refusal after the REST event");
        as("alice")
                .contentType("application/cloudevents+json")
                .body("{\"specversion\":\"1.0\",\"type\":\"x\"}")
                .post("/api/v1/admin/identity-events")
                .then()
                .statusCode(422);
    }

    @Test
    void anUnreadableIdentityRecordIsCountedAndDoesNotStopTheOnesAfterIt() throws Exception {
        double before = Management.metric("patrol_identity_events_unreadable_total");
        String topic = ConfigProvider.getConfig().getValue("patrol.topics.identity.name", String.class);
        String subject = AdminTokensTest.subject("rupert");
        // Keyed like rupert's next event: the same partition, so that one comes after it.
        EventLog.write(topic, subject, "not json", List.of(header("ce_type", "dev.patrol.identity.user.disabled.v1")));
        Pats.Pat pat = Pats.create("rupert", List.of("code:read"), List.of("umbrella"));
        assertEquals(200, check(pat.secret(), null), "rupert's token works until the event");
        send("organization-removed", subject, ",\"organization\":\"umbrella\"");
        until(() -> check(pat.secret(), null) == 401, "the event after the unreadable one");
        double after = Management.metric("patrol_identity_events_unreadable_total");
        assertTrue(after >= before + 1, "unreadable records counted: " + before + " before, " + after + " after");
    }

    @Test
    void anIdentityRecordWithANulInItsSubjectDoesNotStallItsPartition() throws Exception {
        double before = Management.metric("patrol_identity_events_unreadable_total");
        String topic = ConfigProvider.getConfig().getValue("patrol.topics.identity.name", String.class);
        String subject = AdminTokensTest.subject("olivia");
        Pats.Pat pat = Pats.create("olivia", List.of("code:read"), List.of("umbrella"));
        // Keyed like olivia's next event (same partition); PostgreSQL would refuse the NUL on every retry.
        EventLog.write(
                topic,
                subject,
                "{\"subject\":\"ev\\u0000il\"}",
                List.of(
                        header("ce_specversion", "1.0"),
                        header("ce_type", "dev.patrol.identity.user.disabled.v1"),
                        header("ce_id", UUID.randomUUID().toString()),
                        header("content-type", "application/json")));
        send("organization-removed", subject, ",\"organization\":\"umbrella\"");
        until(() -> check(pat.secret(), null) == 401, "the event after the one with a NUL");
        assertTrue(Management.metric("patrol_identity_events_unreadable_total") >= before + 1);
    }
}
