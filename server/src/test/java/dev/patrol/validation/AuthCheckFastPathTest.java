package dev.patrol.validation;

import java.security.SecureRandom;
import java.util.Map;
import java.util.TreeMap;

import dev.patrol.domain.TokenSecrets;
import dev.patrol.support.Management;
import dev.patrol.support.Pats;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import static dev.patrol.support.Api.as;
import static dev.patrol.support.Pats.bearer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A PAT that passes is answered by a bare route before JAX-RS, cached or looked up there: with exactly
 * the answer the resource gives, and only then — every refusal and every other form of the request
 * still goes to the resource, which answers a refusal the route looked up without asking again.
 */
@QuarkusTest
class AuthCheckFastPathTest {

    static final String FAST = "patrol_auth_check_fast_path_total";
    static final String LOOKUPS = "patrol_validation_lookups_total";

    @Test
    void aPassingTokenGetsTheResourcesAnswerFromTheFastPathLookedUpOrCached() {
        Pats.Pat pat = Pats.create("alice", java.util.List.of("code:read", "build:read"), java.util.List.of("acme"));
        double fast = Management.metric(FAST);
        double lookups = Management.metric(LOOKUPS);
        Response first = check(pat.secret(), "scope=code:read&org=acme");
        assertEquals(lookups + 1, Management.metric(LOOKUPS), "the first check was not a miss");
        Response second = check(pat.secret(), "scope=code:read&org=acme"); // cached now
        assertEquals(fast + 2, Management.metric(FAST), "a check was not answered by the fast path");
        assertEquals(lookups + 1, Management.metric(LOOKUPS));
        // A repeated parameter is a form only the resource takes (it reads the first).
        Response resource = check(pat.secret(), "scope=code:read&org=acme&scope=code:read");
        assertEquals(fast + 2, Management.metric(FAST));
        for (Response r : java.util.List.of(first, second, resource)) {
            assertEquals(200, r.statusCode());
            assertEquals("", r.asString());
        }
        assertEquals(patrolHeaders(resource), patrolHeaders(first));
        assertEquals(patrolHeaders(resource), patrolHeaders(second));
    }

    @Test
    void aRefusedMissIsLookedUpOnceAndAnsweredByTheResource() {
        String unknown = TokenSecrets.generate("ptl", new SecureRandom());
        Pats.Pat pat = Pats.create("alice", "code:read");
        double fast = Management.metric(FAST);
        double lookups = Management.metric(LOOKUPS);
        Response nobody = check(unknown, "scope=code:read");
        assertEquals(401, nobody.statusCode());
        assertTrue(nobody.contentType().startsWith("application/problem+json"), nobody.contentType());
        assertEquals(lookups + 1, Management.metric(LOOKUPS));
        Response lacking = check(pat.secret(), "scope=code:write"); // not cached yet: a miss that is refused
        assertEquals(403, lacking.statusCode());
        assertTrue(lacking.header("WWW-Authenticate").contains("insufficient_scope"));
        assertEquals(lookups + 2, Management.metric(LOOKUPS), "the resource looked the token up again");
        assertEquals(fast, Management.metric(FAST), "a refusal was answered by the fast path");
    }

    @Test
    void refusalsAndOtherFormsOfTheRequestGoToTheResource() {
        Pats.Pat pat = Pats.create("alice", "code:read");
        assertEquals(200, check(pat.secret(), "scope=code:read").statusCode()); // cached now
        double before = Management.metric(FAST);
        Response lacking = check(pat.secret(), "scope=code:write");
        assertEquals(403, lacking.statusCode());
        assertTrue(lacking.header("WWW-Authenticate").contains("insufficient_scope"));
        assertEquals(403, check(pat.secret(), "scope=code:read&org=umbrella").statusCode());
        // A repeated parameter is the resource's to read (it takes the first).
        assertEquals(
                200, check(pat.secret(), "scope=code:read&scope=code:write").statusCode());
        assertEquals(400, check(pat.secret(), "scope=code:read&mode=bogus").statusCode());
        assertEquals(400, check(pat.secret(), "scope=nonsense").statusCode());
        assertEquals(401, check(pat.secret(), "scope=code:read&mode=oauth-only").statusCode());
        assertEquals(before, Management.metric(FAST), "a refusal was answered by the fast path");

        as("alice").delete("/api/v1/tokens/" + pat.id()).then().statusCode(204);
        assertEquals(401, check(pat.secret(), "scope=code:read").statusCode());
        assertEquals(before, Management.metric(FAST));
    }

    private static Response check(String secret, String query) {
        return bearer(secret).get("/auth/check?" + query);
    }

    private static Map<String, String> patrolHeaders(Response r) {
        Map<String, String> headers = new TreeMap<>();
        r.headers().forEach(h -> {
            String name = h.getName().toLowerCase();
            if (!name.equals("date")) {
                headers.put(name, h.getValue());
            }
        });
        return headers;
    }
}
