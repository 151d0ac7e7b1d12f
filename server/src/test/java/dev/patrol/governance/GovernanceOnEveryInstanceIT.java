package dev.patrol.governance;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.inject.Inject;

import dev.patrol.domain.Actor;
import dev.patrol.domain.OrganizationBinding;
import dev.patrol.domain.TokenIssuedEvent;
import dev.patrol.domain.TokenSecrets;
import dev.patrol.eventlog.EventCodec;
import dev.patrol.eventlog.EventSignature;
import dev.patrol.support.EventLog;
import dev.patrol.support.Pats;
import dev.patrol.support.SecondInstance;
import io.quarkus.test.junit.QuarkusTest;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static dev.patrol.support.Api.as;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * What administrators do through instance A (the application under test) reaches instance B (the
 * packaged application, its own JVM, same Kafka and PostgreSQL) although B had the token cached as
 * valid: revocations through the broadcast, policies through the policy topic.
 */
@QuarkusTest
class GovernanceOnEveryInstanceIT {

    static final long BOUND_MS = 5000;
    static final String UMBRELLA = "/api/v1/admin/organizations/umbrella/policy";
    static SecondInstance b;

    @BeforeAll
    static void startSecondInstance() throws Exception {
        b = SecondInstance.start();
        // B's joining rebalances the identity events' group (as may an instance an earlier test
        // stopped): the offboarding figures below measure the way to a refusal, not a rebalance.
        EventLog.awaitGroupMembers(
                ConfigProvider.getConfig().getValue("mp.messaging.incoming.identity-events.group.id", String.class), 2);
    }

    @AfterAll
    static void stopSecondInstance() throws Exception {
        if (b != null) {
            b.close();
        }
    }

    @AfterEach
    void clearPolicy() {
        as("alice").body(Map.of()).put(UMBRELLA).then().statusCode(200);
    }

    static int checkOn(String baseUri, String secret) {
        return given().baseUri(baseUri)
                .header("Authorization", "Bearer " + secret)
                .get("/auth/check?scope=any")
                .statusCode();
    }

    static Pats.Pat cachedOnBoth(String user, String scope) {
        Pats.Pat pat = Pats.create(user, List.of(scope), List.of("umbrella"));
        assertEquals(200, Pats.bearer(pat.secret()).get("/auth/check?scope=any").statusCode());
        assertEquals(200, checkOn(b.baseUrl(), pat.secret()));
        return pat;
    }

    static long untilOnB(String secret, int status) throws InterruptedException {
        long t0 = System.nanoTime();
        while (System.nanoTime() - t0 < Duration.ofMillis(BOUND_MS).toNanos()) {
            if (checkOn(b.baseUrl(), secret) == status) {
                return (System.nanoTime() - t0) / 1_000_000;
            }
            Thread.sleep(5);
        }
        throw new AssertionError("instance B did not answer " + status + " within " + BOUND_MS + " ms");
    }

    @Test
    void anAdministratorsRevocationsAreRefusedOnEveryInstance() throws Exception {
        Pats.Pat one = cachedOnBoth("carol", "code:read");
        as("alice")
                .queryParam("reason", "offboarding test")
                .delete("/api/v1/admin/tokens/" + one.id())
                .then()
                .statusCode(204);
        System.out.printf(
                "[governance] admin revocation reached instance B after %d ms%n", untilOnB(one.secret(), 401));

        Pats.Pat two = cachedOnBoth("erin", "code:read");
        as("alice")
                .body(Map.of("reason", "left"))
                .post("/api/v1/admin/users/" + AdminTokensTest.subject("erin") + "/revoke-all")
                .then()
                .statusCode(200);
        System.out.printf("[governance] revoke-all reached instance B after %d ms%n", untilOnB(two.secret(), 401));
    }

    @Test
    void aPolicyThatRefusesExistingTokensIsEnforcedOnEveryInstanceAndLiftedEverywhere() throws Exception {
        Pats.Pat pat = cachedOnBoth("carol", "code:write");
        as("alice")
                .body(Map.of("allowedScopes", List.of("code:read"), "existingTokens", "refuse"))
                .put(UMBRELLA)
                .then()
                .statusCode(200);
        System.out.printf("[governance] refusing policy reached instance B after %d ms%n", untilOnB(pat.secret(), 403));
        as("alice").body(Map.of()).put(UMBRELLA).then().statusCode(200);
        untilOnB(pat.secret(), 200);
    }

    @Test
    void aPolicyThatRevokesExistingTokensIsEnforcedOnEveryInstance() throws Exception {
        Pats.Pat pat = cachedOnBoth("carol", "full_access");
        as("alice")
                .body(Map.of("allowFullAccess", false, "existingTokens", "revoke"))
                .put(UMBRELLA)
                .then()
                .statusCode(200);
        System.out.printf("[governance] revoking policy reached instance B after %d ms%n", untilOnB(pat.secret(), 401));
        as("alice").body(Map.of()).put(UMBRELLA).then().statusCode(200);
        assertEquals(
                401, checkOn(b.baseUrl(), pat.secret()), "revoked for good: lifting the policy does not revive it");
    }

    @Inject
    EventCodec codec;

    @Inject
    EventSignature signature;

    /**
     * 20 people (BENCHMARKS.md's figures: 100, {@code -Dpatrol.bench.offboarded}), each with a token cached
     * as valid on instance B, are disabled one after another by an identity event on Kafka: B refuses
     * each token within the bound. Prints the distribution of event-written to B-refuses
     * (BENCHMARKS.md, "Offboarding").
     */
    @Test
    void aDisabledPersonsTokensAreRefusedOnEveryInstance() throws Exception {
        int people = Integer.getInteger("patrol.bench.offboarded", 20);
        List<Long> millis = new ArrayList<>();
        for (int i = 0; i < people; i++) {
            String owner = "offboarded-" + UUID.randomUUID();
            String secret = writeIssued(owner);
            // Projected (asked of the read model, not of an instance: "unknown" answers are cached briefly) ...
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (as("alice")
                    .queryParam("owner", owner)
                    .get("/api/v1/admin/tokens")
                    .then()
                    .extract()
                    .<List<?>>path("items")
                    .isEmpty()) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("the token was never projected");
                }
                Thread.sleep(5);
            }
            assertEquals(200, checkOn(b.baseUrl(), secret)); // ... and cached as valid on B
            long t0 = System.nanoTime();
            IdentityEventsTest.send("disabled", owner, "");
            untilOnB(secret, 401);
            millis.add((System.nanoTime() - t0) / 1_000_000);
        }
        // In order too: an instance's first events (each partition's first after a rebalance) are slower.
        System.out.println("[offboarding] per person, in order (ms): " + millis);
        Collections.sort(millis);
        System.out.printf(
                "[offboarding] identity event to refusal on instance B over %d people: p50 %d ms, p90 %d ms, "
                        + "p99 %d ms, max %d ms%n",
                people,
                millis.get(people / 2),
                millis.get(people * 90 / 100),
                millis.get(Math.min(people - 1, people * 99 / 100)),
                millis.get(people - 1));
    }

    /** A token of {@code owner} bound to all their organizations, written to the events topic signed. */
    private String writeIssued(String owner) throws Exception {
        String secret = TokenSecrets.generate("ptl", new SecureRandom());
        UUID id = UUID.randomUUID();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        String value = codec.encode(List.of(new TokenIssuedEvent(
                UUID.randomUUID(),
                id,
                1,
                now,
                Actor.user(owner, null, null),
                id,
                owner,
                "offboarding",
                Set.of("code:read"),
                OrganizationBinding.allOrganizations(),
                TokenSecrets.hash(secret),
                TokenSecrets.displayHint(secret),
                now.plus(Duration.ofDays(1)))));
        EventLog.write(EventLog.eventsTopic(), id.toString(), value, signature.sign(id.toString(), value));
        return secret;
    }
}
