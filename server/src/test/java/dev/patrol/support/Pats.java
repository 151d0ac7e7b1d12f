package dev.patrol.support;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import io.restassured.specification.RequestSpecification;

import static io.restassured.RestAssured.given;

/** Creates PATs through the real API and presents them as tools do. */
public final class Pats {

    /** A created token: its id and its plaintext secret. */
    public record Pat(String id, String secret) {}

    private Pats() {}

    public static Pat create(String user, List<String> scopes, List<String> organizations) {
        Map<String, Object> body = organizations == null
                ? Map.of("name", "pat", "scopes", scopes, "allOrganizations", true, "lifetimeDays", 30)
                : Map.of("name", "pat", "scopes", scopes, "organizations", organizations, "lifetimeDays", 30);
        var r = Api.as(user)
                .body(body)
                .post("/api/v1/tokens")
                .then()
                .statusCode(201)
                .extract();
        return new Pat(r.path("id"), r.path("token"));
    }

    public static Pat create(String user, String... scopes) {
        return create(user, List.of(scopes), null);
    }

    /**
     * A token of {@code user} with {@code scope} that has expired by the time this returns: created
     * to expire in 2 s, then waited for. (The read model is never edited by tests: a rebuild must
     * reproduce it from the events.)
     */
    public static Pat createExpired(String user, String scope) throws InterruptedException {
        Api.as(user); // may fetch an OIDC token first: not part of the 2 s
        Instant expiry = Instant.now().plusSeconds(2);
        Pat pat = createExpiringAt(user, scope, expiry);
        Thread.sleep(Math.max(0, Duration.between(Instant.now(), expiry).toMillis()) + 100);
        return pat;
    }

    /** A token of {@code user} with {@code scope}, all organizations, that expires at {@code expiry}. */
    public static Pat createExpiringAt(String user, String scope, Instant expiry) {
        var r = Api.as(user)
                .body(Map.of(
                        "name",
                        "expiring",
                        "scopes",
                        List.of(scope),
                        "allOrganizations",
                        true,
                        "expiresAt",
                        expiry.toString()))
                .post("/api/v1/tokens")
                .then()
                .statusCode(201)
                .extract();
        return new Pat(r.path("id"), r.path("token"));
    }

    public static RequestSpecification bearer(String secret) {
        return given().header("Authorization", "Bearer " + secret);
    }

    public static RequestSpecification basic(String username, String secret) {
        return given().header(
                        "Authorization",
                        "Basic "
                                + Base64.getEncoder()
                                        .encodeToString((username + ":" + secret).getBytes(StandardCharsets.UTF_8)));
    }
}
