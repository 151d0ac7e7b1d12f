package dev.patrol.validation;

import java.util.Map;
import java.util.TreeMap;

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
 * A cached PAT that passes is answered by a bare route before JAX-RS: with exactly the answer the
 * resource gives, and only then — every refusal and every other form of the request still goes to
 * the resource.
 */
@QuarkusTest
class AuthCheckFastPathTest {

    static final String FAST = "patrol_auth_check_fast_path_total";

    @Test
    void aCachedPassingTokenGetsTheResourcesAnswerFromTheFastPath() {
        Pats.Pat pat = Pats.create("alice", java.util.List.of("code:read", "build:read"), java.util.List.of("acme"));
        Response first = check(pat.secret(), "scope=code:read&org=acme"); // a miss: the resource, which caches it
        double before = Management.metric(FAST);
        Response second = check(pat.secret(), "scope=code:read&org=acme");
        assertEquals(before + 1, Management.metric(FAST), "the second check was not answered by the fast path");
        assertEquals(200, first.statusCode());
        assertEquals(200, second.statusCode());
        assertEquals(patrolHeaders(first), patrolHeaders(second));
        assertEquals("", second.asString());
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
