package dev.patrol.validation;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;

import jakarta.inject.Inject;

import dev.patrol.support.Pats;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import org.junit.jupiter.api.Test;

import static dev.patrol.support.Api.as;
import static dev.patrol.support.Pats.bearer;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;

@QuarkusTest
class RotationAndReuseTest {

    @Inject
    Pool pool;

    private static String rotate(String secret) {
        return bearer(secret)
                .post("/api/v1/tokens/self/rotate")
                .then()
                .statusCode(200)
                .extract()
                .path("token");
    }

    /** The owner regenerates the token: its new secret. */
    private static String regenerate(Pats.Pat pat) {
        return as("alice")
                .post("/api/v1/tokens/" + pat.id() + "/regenerate")
                .then()
                .statusCode(200)
                .extract()
                .path("token");
    }

    private static String state(Pats.Pat pat) {
        return as("alice")
                .get("/api/v1/tokens/" + pat.id())
                .then()
                .statusCode(200)
                .extract()
                .path("state");
    }

    @Test
    void rotationReplacesTheSecretKeepingIdAndFamily() {
        Pats.Pat pat = Pats.create("alice", List.of("tokens:rotate-self", "code:read"), null);
        String fresh = bearer(pat.secret())
                .post("/api/v1/tokens/self/rotate")
                .then()
                .statusCode(200)
                .body("id", equalTo(pat.id()))
                .body("familyId", equalTo(pat.id()))
                .body("token", not(equalTo(pat.secret())))
                .extract()
                .path("token");
        bearer(fresh).get("/api/v1/tokens/self").then().statusCode(200).body("id", equalTo(pat.id()));
    }

    @Test
    void presentingARotatedAwaySecretRevokesTheWholeTokenAndRecordsThePresenter() {
        Pats.Pat pat = Pats.create("alice", List.of("tokens:rotate-self"), null);
        String fresh = rotate(pat.secret());
        bearer(pat.secret())
                .header("User-Agent", "stolen-copy/1.0")
                .get("/api/v1/tokens/self")
                .then()
                .statusCode(401); // the stolen old secret
        bearer(fresh).get("/api/v1/tokens/self").then().statusCode(401); // family burnt
        as("alice")
                .get("/api/v1/tokens/" + pat.id())
                .then()
                .statusCode(200)
                .body("state", equalTo("revoked"))
                .body("revokeReason", equalTo("reuse-detected"));
        as("alice")
                .get("/api/v1/tokens/" + pat.id() + "/history")
                .then()
                .statusCode(200)
                .body("find { it.type == 'patrol.token.revoked.v1' }.data.actor.userAgent", equalTo("stolen-copy/1.0"))
                .body("find { it.type == 'patrol.token.revoked.v1' }.data.actor.clientIp", equalTo("127.0.0.1"));
    }

    @Test
    void aRegeneratedAwaySecretIsDeadButCannotKillTheNewSecret() {
        Pats.Pat pat = Pats.create("alice", "code:read");
        bearer(pat.secret()).get("/auth/check?scope=any").then().statusCode(200);
        String fresh = regenerate(pat);
        for (int i = 0; i < 3; i++) { // the leaker tries again and again
            bearer(pat.secret()).get("/auth/check?scope=any").then().statusCode(401);
        }
        bearer(fresh).get("/auth/check?scope=code:read").then().statusCode(200);
        assertEquals("active", state(pat));
    }

    @Test
    void anOwnersRegenerationDisarmsTheTrapOfSecretsRotatedAwayBefore() {
        Pats.Pat pat = Pats.create("alice", List.of("tokens:rotate-self", "code:read"), null);
        String rotated = rotate(pat.secret()); // pat.secret() is now armed: presenting it revokes the token
        // The owner learns of a leak and regenerates: the thief still holds the pre-rotation secret.
        String fresh = regenerate(pat);
        bearer(pat.secret()).get("/auth/check?scope=any").then().statusCode(401);
        bearer(rotated).get("/auth/check?scope=any").then().statusCode(401);
        bearer(fresh).get("/auth/check?scope=code:read").then().statusCode(200);
        assertEquals("active", state(pat));
        // A self-rotation after the regeneration arms its own retired secret again.
        String next = rotate(fresh);
        bearer(fresh).get("/auth/check?scope=any").then().statusCode(401);
        bearer(next).get("/auth/check?scope=any").then().statusCode(401);
        assertEquals("revoked", state(pat));
    }

    @Test
    void aSecretRotatedAwayLongerAgoThanTheWindowIsJustRefused() {
        Pats.Pat pat = Pats.create("alice", List.of("tokens:rotate-self"), null);
        String fresh = rotate(pat.secret());
        // As if 31 days had passed; put back afterwards, since a rebuild must reproduce the read model.
        shiftRetirement(pat, "- interval '31 days'");
        try {
            bearer(pat.secret()).get("/api/v1/tokens/self").then().statusCode(401);
            bearer(fresh).get("/api/v1/tokens/self").then().statusCode(200);
            assertEquals("active", state(pat));
        } finally {
            shiftRetirement(pat, "+ interval '31 days'");
        }
    }

    private void shiftRetirement(Pats.Pat pat, String shift) {
        pool.preparedQuery("UPDATE rm_dead_secret SET retired_at = retired_at " + shift + " WHERE token_id = $1")
                .execute(Tuple.of(UUID.fromString(pat.id())))
                .await()
                .indefinitely();
    }

    @Test
    void reuseRevocationWinsAgainstAConcurrentRotation() throws Exception {
        for (int round = 0; round < 8; round++) {
            Pats.Pat pat = Pats.create("alice", List.of("tokens:rotate-self"), null);
            String current = rotate(pat.secret());
            CyclicBarrier start = new CyclicBarrier(2);
            List<CompletableFuture<Integer>> calls = new ArrayList<>();
            calls.add(CompletableFuture.supplyAsync(() -> {
                await(start);
                return bearer(current).post("/api/v1/tokens/self/rotate").statusCode();
            }));
            calls.add(CompletableFuture.supplyAsync(() -> {
                await(start);
                return bearer(pat.secret()).get("/api/v1/tokens/self").statusCode(); // the stolen secret
            }));
            assertEquals(401, calls.get(1).get());
            int rotation = calls.get(0).get();
            assertEquals(true, rotation == 200 || rotation == 401 || rotation == 409, "rotation answered " + rotation);
            assertEquals("revoked", state(pat), "round " + round + ": rotation answered " + rotation);
        }
    }

    private static void await(CyclicBarrier barrier) {
        try {
            barrier.await();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
